namespace Contestlet.Domain.Entries;

/// <summary>Why an entry was not accepted, in the order docs/product.md §3 checks them.</summary>
public enum EntryRefusalReason
{
    NotFound,
    NotOpenYet,
    Ended,
    Closed,
    StateRequired,
    StateNotEligible,
    ConfirmationMissing,
    AlreadyEntered,
    CapReached,
}

public sealed record EntryRefusal(EntryRefusalReason Reason, string Message)
{
    /// <summary>The form field the refusal belongs to, when it is about one.</summary>
    public string? Field => Reason switch
    {
        EntryRefusalReason.StateRequired or EntryRefusalReason.StateNotEligible => "State",
        EntryRefusalReason.ConfirmationMissing => "Confirmed",
        _ => null,
    };
}
