namespace Contestlet.Domain.Messaging;

/// <summary>
/// A text someone sent us, kept once per Twilio <c>MessageSid</c> (a unique index): a retry of the same webhook finds
/// the row and is not processed again. Processing holds a short lease so that only a retry after a crash takes it over.
/// </summary>
public sealed class InboundMessage
{
    public const int MessageSidMaxLength = 64;
    public const int FromMaxLength = 32;
    public const int BodyMaxLength = 1600;
    public const int OutcomeMaxLength = 24;

    /// <summary>How long one attempt may take before a retry of the same message may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public long Id { get; private set; }
    public string MessageSid { get; private set; } = null!;

    /// <summary>The sender as Twilio gave it: E.164 for a phone, digits for a short code.</summary>
    public string From { get; private set; } = null!;
    public string Body { get; private set; } = null!;
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset LeaseUntil { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset? ProcessedAt { get; private set; }

    /// <summary>What came of it ("Entered", "AskedState", "Help", "Ignored"…), for the dev thread and support.</summary>
    public string? Outcome { get; private set; }

    private InboundMessage()
    {
    }

    public static InboundMessage Receive(string messageSid, string from, string? body, DateTimeOffset now) => new()
    {
        MessageSid = messageSid,
        From = from.Length > FromMaxLength ? from[..FromMaxLength] : from,
        Body = body is null ? "" : body.Length > BodyMaxLength ? body[..BodyMaxLength] : body,
        ReceivedAt = now,
        LeaseUntil = now + Lease,
        Attempts = 1,
    };

    public static bool IsValidSid(string? messageSid) => messageSid is { Length: > 0 and <= MessageSidMaxLength } && messageSid.All(char.IsAsciiLetterOrDigit);
}
