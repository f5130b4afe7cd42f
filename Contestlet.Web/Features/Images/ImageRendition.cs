namespace Contestlet.Web.Features.Images;

/// <summary>
/// One stored size of an uploaded image, re-encoded as WebP. Rows are keyed by the upload's content hash and the width, and
/// never change once written: the URL that serves one is cached by browsers for a year.
/// </summary>
public sealed class ImageRendition
{
    public const string ContentType = "image/webp";

    private ImageRendition()
    {
    }

    public ImageRendition(string hash, int width, int height, byte[] content, DateTimeOffset createdAt)
    {
        Hash = hash;
        Width = width;
        Height = height;
        Content = content;
        CreatedAt = createdAt;
    }

    public string Hash { get; private set; } = null!;
    public int Width { get; private set; }
    public int Height { get; private set; }
    public byte[] Content { get; private set; } = null!;
    public DateTimeOffset CreatedAt { get; private set; }
}
