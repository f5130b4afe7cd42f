using System.Globalization;
using System.Text.RegularExpressions;
using Contestlet.Domain.Contests;

namespace Contestlet.Web.Features.Images;

/// <summary>The content-hash URLs of a hero image's renditions: <c>/images/{hash}-{width}.webp</c>.</summary>
public static partial class HeroImageUrls
{
    public const string Prefix = "/images/";

    /// <summary>The contest page's hero spans its column: at most 720 px (app.css <c>.contest</c>), less the page's padding on a phone.</summary>
    public const string ContestPageSizes = "(min-width: 752px) 720px, calc(100vw - 32px)";

    /// <summary>A card in the home page's grid is at most about a third of 1040 px, the whole width on a phone.</summary>
    public const string CardSizes = "(min-width: 600px) 340px, 100vw";

    public static string For(string hash, int width) => $"{Prefix}{hash}-{width.ToString(CultureInfo.InvariantCulture)}.webp";

    /// <summary>The largest rendition, the <c>src</c> for browsers that ignore <c>srcset</c>.</summary>
    public static string Src(HeroImage image) => For(image.Hash, image.Width);

    public static string SrcSet(HeroImage image) =>
        string.Join(", ", image.Widths.Select(w => $"{For(image.Hash, w)} {w.ToString(CultureInfo.InvariantCulture)}w"));

    /// <summary>Reads a file name of <see cref="For"/>; false for anything else.</summary>
    public static bool TryParse(string fileName, out string hash, out int width)
    {
        var match = FileName().Match(fileName);
        hash = match.Success ? match.Groups["hash"].Value : "";
        width = match.Success && int.TryParse(match.Groups["width"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
        return width > 0;
    }

    [GeneratedRegex("^(?<hash>[0-9a-f]{64})-(?<width>[1-9][0-9]{0,4})\\.webp$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
