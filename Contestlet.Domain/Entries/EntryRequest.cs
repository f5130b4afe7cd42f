namespace Contestlet.Domain.Entries;

/// <summary>What a contestant submits besides the proven phone number, and through which channel.</summary>
public sealed record EntryRequest(string? State, bool ConfirmedAgeRulesAndSms, EntrySource Source = EntrySource.Web)
{
    /// <summary>The web client's network and browser id, kept for fraud review; null for SMS entries and imports.</summary>
    public EntryOrigin? Origin { get; init; }
}
