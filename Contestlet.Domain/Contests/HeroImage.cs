namespace Contestlet.Domain.Contests;

/// <summary>
/// An uploaded hero image as a contest refers to it: the content hash its renditions are stored and served under, and the
/// size of its largest rendition. Every rendition has the same aspect ratio; which widths exist follows from
/// <see cref="Width"/> alone (<see cref="WidthsFor"/>), so the contest row needs nothing more to write a <c>srcset</c>.
/// </summary>
public sealed record HeroImage(string Hash, int Width, int Height)
{
    /// <summary>SHA-256 of the uploaded file, lower-case hex.</summary>
    public const int HashLength = 64;

    /// <summary>The web widths renditions are made at; an image narrower than one is never scaled up to it.</summary>
    public static readonly IReadOnlyList<int> StandardWidths = [480, 960, 1600];

    public static int LargestWidth => StandardWidths[^1];

    /// <summary>The widths of the renditions of an image <paramref name="width"/> pixels wide, smallest first.</summary>
    public static IReadOnlyList<int> WidthsFor(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var largest = Math.Min(width, LargestWidth);
        return [.. StandardWidths.Where(w => w < largest), largest];
    }

    /// <summary>The height of the rendition <paramref name="width"/> pixels wide, keeping this image's aspect ratio.</summary>
    public static int HeightFor(int width, int sourceWidth, int sourceHeight) =>
        Math.Max(1, (int)Math.Round((double)sourceHeight * width / sourceWidth, MidpointRounding.AwayFromZero));

    public IReadOnlyList<int> Widths => WidthsFor(Width);

    public static bool IsHash(string? text) =>
        text is { Length: HashLength } && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
