namespace Contestlet.Domain.Messaging;

public enum ConversationStep
{
    /// <summary>Double opt-in: we asked "Reply YES to enter".</summary>
    AwaitingYes,

    /// <summary>A listed-states contest: we asked "Reply with your 2-letter state".</summary>
    AwaitingState,
}

/// <summary>
/// The one short exchange a number is in (docs/product.md §3a), stored so it survives a restart and is shared by every instance.
/// It expires <see cref="Lifetime"/> after our last question; an expired row counts as none.
/// </summary>
public sealed class SmsConversation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public string PhoneE164 { get; private set; } = null!;
    public int ContestId { get; private set; }
    public ConversationStep Step { get; private set; }

    /// <summary>A state already given ("WIN NY" on a double opt-in contest), carried to the entry.</summary>
    public string? State { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    private SmsConversation()
    {
    }

    public static SmsConversation Start(string phoneE164, int contestId, ConversationStep step, string? state, DateTimeOffset now) => new()
    {
        PhoneE164 = phoneE164,
        ContestId = contestId,
        Step = step,
        State = state,
        UpdatedAt = now,
        ExpiresAt = now + Lifetime,
    };

    public bool IsOpenAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>Moves the same number on to another question (or another contest) and restarts the expiry.</summary>
    public void MoveTo(int contestId, ConversationStep step, string? state, DateTimeOffset now)
    {
        ContestId = contestId;
        Step = step;
        State = state;
        UpdatedAt = now;
        ExpiresAt = now + Lifetime;
    }
}
