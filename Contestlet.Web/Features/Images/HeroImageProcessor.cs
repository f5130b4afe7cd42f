using System.Security.Cryptography;
using Contestlet.Domain.Contests;
using SkiaSharp;

namespace Contestlet.Web.Features.Images;

/// <summary>
/// Turns an uploaded file into hero image renditions (docs/decisions/023-hero-images-in-the-database.md). What the file is
/// comes from its bytes alone: Skia's codec must recognise PNG, JPEG or WebP and decode every pixel. The size in the
/// codec's header is checked before anything is decoded, so a small file that claims a huge picture is refused without
/// allocating it. Each rendition is drawn from the decoded pixels and encoded afresh, so nothing of the original file
/// (EXIF, GPS, comments, trailing data) is kept.
/// </summary>
public static class HeroImageProcessor
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const long MaxPixels = 40_000_000;
    public const int WebpQuality = 80;

    public const string TooLarge = "That file is larger than 5 MB. Upload a PNG, JPEG or WebP image of 5 MB or less.";
    public const string Empty = "That file is empty. Upload a PNG, JPEG or WebP image.";
    public const string NotAnImage = "That file is not a PNG, JPEG or WebP image (it was checked by its content, not its name). Nothing was changed.";
    public const string Damaged = "That image is damaged or incomplete and could not be read. Nothing was changed.";

    public static string TooManyPixels(int width, int height) =>
        $"That image is {width:N0} × {height:N0} pixels, more than {MaxPixels / 1_000_000} megapixels. Upload a smaller image. Nothing was changed.";

    // Decoding a 40-megapixel image takes about 160 MB; one at a time per instance keeps several uploads from adding up.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Reads at most <see cref="MaxBytes"/> from <paramref name="content"/>; null when there is more.</summary>
    public static async Task<byte[]?> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The renditions of <paramref name="file"/>, or the sentence saying why it was refused.</summary>
    public static async Task<HeroImageResult> ProcessAsync(byte[] file, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            return HeroImageResult.Refused(Empty);
        }

        if (file.Length > MaxBytes)
        {
            return HeroImageResult.Refused(TooLarge);
        }

        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Process(file), cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static HeroImageResult Process(byte[] file)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp))
        {
            return HeroImageResult.Refused(NotAnImage);
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1)
        {
            return HeroImageResult.Refused(Damaged);
        }

        if ((long)width * height > MaxPixels)
        {
            return HeroImageResult.Refused(TooManyPixels(width, height));
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var decoded = new SKBitmap(info);
        // A truncated file decodes "IncompleteInput" with the missing rows blank: refused, like any other failure.
        if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            return HeroImageResult.Refused(Damaged);
        }

        using var oriented = Orient(decoded, codec.EncodedOrigin);
        var upright = oriented ?? decoded;
        var renditions = new List<HeroImageRendition>();
        foreach (var targetWidth in HeroImage.WidthsFor(upright.Width))
        {
            var targetHeight = HeroImage.HeightFor(targetWidth, upright.Width, upright.Height);
            renditions.Add(new HeroImageRendition(targetWidth, targetHeight, Encode(upright, targetWidth, targetHeight)));
        }

        var largest = renditions[^1];
        var hash = Convert.ToHexStringLower(SHA256.HashData(file));
        return HeroImageResult.Accepted(new HeroImage(hash, largest.Width, largest.Height), renditions);
    }

    private static byte[] Encode(SKBitmap source, int width, int height)
    {
        using var resized = width == source.Width && height == source.Height
            ? null
            : source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()),
                new SKSamplingOptions(SKCubicResampler.Mitchell));
        var bitmap = resized ?? source;
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Webp, WebpQuality)
                            ?? throw new InvalidOperationException("SkiaSharp could not encode WebP on this platform.");
        return encoded.ToArray();
    }

    /// <summary>The pixels turned upright as the file's EXIF orientation asks; null when they already are.</summary>
    private static SKBitmap? Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return null;
        }

        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swaps ? (source.Height, source.Width) : (source.Width, source.Height);
        var upright = new SKBitmap(new SKImageInfo(width, height, source.ColorType, source.AlphaType, source.ColorSpace));
        using var canvas = new SKCanvas(upright);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight:
                canvas.Translate(width, 0);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.BottomRight:
                canvas.Translate(width, height);
                canvas.RotateDegrees(180);
                break;
            case SKEncodedOrigin.BottomLeft:
                canvas.Translate(0, height);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftTop:
                canvas.RotateDegrees(90);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.RightTop:
                canvas.Translate(width, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom:
                canvas.Translate(width, height);
                canvas.RotateDegrees(90);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.LeftBottom:
                canvas.Translate(0, height);
                canvas.RotateDegrees(270);
                break;
        }

        canvas.DrawBitmap(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        return upright;
    }
}

public sealed record HeroImageRendition(int Width, int Height, byte[] Webp);

/// <summary>An accepted image with its renditions, smallest first, or the sentence that refused the file.</summary>
public sealed record HeroImageResult(HeroImage? Image, IReadOnlyList<HeroImageRendition> Renditions, string? Refusal)
{
    public static HeroImageResult Accepted(HeroImage image, IReadOnlyList<HeroImageRendition> renditions) => new(image, renditions, null);
    public static HeroImageResult Refused(string refusal) => new(null, [], refusal);
}
