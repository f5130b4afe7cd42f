namespace Contestlet.Domain.Messaging;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>How a text travels as SMS: its encoding, its length in that encoding and the number of parts it is billed as.</summary>
public sealed record SmsSegmentCount(SmsEncoding Encoding, int Length, int Segments, int PerSegment)
{
    /// <summary>"2 segments · 180/306 GSM-7 characters": the counter under a template.</summary>
    public string Describe()
    {
        var parts = Segments == 1 ? "1 segment" : $"{Segments} segments";
        var unit = Encoding == SmsEncoding.Gsm7 ? "GSM-7 characters" : "UCS-2 characters (a character outside GSM-7 is used)";
        return $"{parts} · {Length}/{Math.Max(1, Segments) * PerSegment} {unit}";
    }
}

/// <summary>
/// Counts SMS segments the way carriers do. A text made only of GSM-7 characters fits 160 septets in one message or
/// 153 per part when split (the rest is the concatenation header); extension characters such as € or { take two
/// septets and are never split across parts. Any other character switches the whole text to UCS-2: 70 UTF-16 units
/// in one message, 67 per part, never splitting a surrogate pair.
/// </summary>
public static class SmsSegments
{
    public const int Gsm7Single = 160;
    public const int Gsm7Part = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2Part = 67;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c) || Extension.Contains(c));

    public static SmsSegmentCount Count(string? text)
    {
        text ??= "";
        return IsGsm7(text) ? CountGsm7(text) : CountUcs2(text);
    }

    private static SmsSegmentCount CountGsm7(string text)
    {
        var widths = text.Select(c => Extension.Contains(c) ? 2 : 1).ToList();
        var total = widths.Sum();
        if (total <= Gsm7Single)
        {
            return new SmsSegmentCount(SmsEncoding.Gsm7, total, total == 0 ? 0 : 1, Gsm7Single);
        }

        return new SmsSegmentCount(SmsEncoding.Gsm7, total, Pack(widths, Gsm7Part), Gsm7Part);
    }

    private static SmsSegmentCount CountUcs2(string text)
    {
        if (text.Length <= Ucs2Single)
        {
            return new SmsSegmentCount(SmsEncoding.Ucs2, text.Length, 1, Ucs2Single);
        }

        // A surrogate pair is one unit of width 2 that must stay in one part.
        var widths = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            widths.Add(pair ? 2 : 1);
            if (pair)
            {
                i++;
            }
        }

        return new SmsSegmentCount(SmsEncoding.Ucs2, text.Length, Pack(widths, Ucs2Part), Ucs2Part);
    }

    private static int Pack(IEnumerable<int> widths, int capacity)
    {
        var parts = 1;
        var used = 0;
        foreach (var width in widths)
        {
            if (used + width > capacity)
            {
                parts++;
                used = 0;
            }

            used += width;
        }

        return parts;
    }
}
