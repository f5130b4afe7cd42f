using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Contestlet.Web.Infrastructure.Logging;

/// <summary>
/// A claim link's token is the winner's key to their prize until they re-prove their phone: it never reaches a log
/// (issue 13 item 11). Every log event passes through here, ours and the framework's (request lines, hosting's
/// "Request starting …", routing), and any property holding a /claim/ path gets its token replaced.
/// </summary>
public sealed partial class ClaimTokenRedaction : ILogEventEnricher
{
    public const string Redacted = "[redacted]";

    /// <summary>"/claim/abc…", routing's "claim/abc…" and a return URL's "claim%2Fabc…" all lose the token.</summary>
    public static string Redact(string text) => MayHoldToken(text) ? ClaimToken().Replace(text, Redacted) : text;

    private static bool MayHoldToken(string text) =>
        text.Contains("claim/", StringComparison.OrdinalIgnoreCase) || text.Contains("claim%2F", StringComparison.OrdinalIgnoreCase);

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replacements = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (RedactValue(value) is { } redacted)
            {
                (replacements ??= []).Add(new LogEventProperty(name, redacted));
            }
        }

        replacements?.ForEach(logEvent.AddOrUpdateProperty);
    }

    /// <summary>The value with its claim tokens redacted, or null when it holds none (the common case allocates nothing).</summary>
    private static LogEventPropertyValue? RedactValue(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } when MayHoldToken(text) => new ScalarValue(Redact(text)),
        ScalarValue { Value: Uri uri } when MayHoldToken(uri.OriginalString) =>
            new ScalarValue(Redact(uri.OriginalString)),
        SequenceValue sequence when sequence.Elements.Any(e => RedactValue(e) is not null) =>
            new SequenceValue(sequence.Elements.Select(e => RedactValue(e) ?? e)),
        StructureValue structure when structure.Properties.Any(p => RedactValue(p.Value) is not null) =>
            new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, RedactValue(p.Value) ?? p.Value)), structure.TypeTag),
        DictionaryValue dictionary when dictionary.Elements.Any(e => RedactValue(e.Value) is not null) =>
            new DictionaryValue(dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, RedactValue(e.Value) ?? e.Value))),
        _ => null,
    };

    /// <summary>The token is whatever follows claim/ (or claim%2F) up to the next separator (URL-safe base64 today, anything tomorrow).</summary>
    [GeneratedRegex("(?<=(?:(?<![A-Za-z0-9_-])|(?<=%2F))claim(?:/|%2F))[^/?#&%\\s\"'<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClaimToken();
}
