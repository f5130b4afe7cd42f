using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Contestlet.Web.Tests;

/// <summary>Real image files made with SkiaSharp, and hostile ones made from them, for the hero image tests.</summary>
public static class TestImages
{
    /// <summary>Text that an EXIF field of <see cref="JpegWithExif"/> carries; no rendition may contain it.</summary>
    public const string ExifMarker = "SECRET-GPS-40.7128N-74.0060W";

    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    public static byte[] Webp(int width, int height) => Encode(width, height, SKEncodedImageFormat.Webp);

    /// <summary>A JPEG whose pixels are stored sideways with EXIF orientation 6 ("rotate 90° clockwise to show") and a maker field.</summary>
    public static byte[] JpegWithExif(int storedWidth, int storedHeight)
    {
        var jpeg = Jpeg(storedWidth, storedHeight);
        var make = Encoding.ASCII.GetBytes(ExifMarker + "\0");
        var tiff = new byte[38 + make.Length];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 2);
        // 0x010F Make, ASCII, stored after the directory.
        WriteEntry(tiff.AsSpan(10), 0x010F, 2, (uint)make.Length, 38);
        // 0x0112 Orientation, SHORT, 6.
        WriteEntry(tiff.AsSpan(22), 0x0112, 3, 1, 6);
        make.CopyTo(tiff, 38);
        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(app1.Length - 2));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1, 10);
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>A real PNG whose header claims <paramref name="width"/> × <paramref name="height"/> (with a correct CRC), as a decompression bomb does.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png(64, 64);
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height; the chunk's CRC covers type and data (17 bytes).
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>The first part of a real PNG, as an interrupted upload leaves it.</summary>
    public static byte[] TruncatedPng(int width, int height)
    {
        var png = Png(width, height);
        return png[..(png.Length / 2)];
    }

    public static (int Width, int Height, SKEncodedImageFormat Format) Describe(byte[] file)
    {
        using var codec = SKCodec.Create(new MemoryStream(file)) ?? throw new InvalidOperationException("Not an image.");
        return (codec.Info.Width, codec.Info.Height, codec.EncodedFormat);
    }

    private static void WriteEntry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint();
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [SKColors.OrangeRed, SKColors.MediumPurple, SKColors.Teal], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
