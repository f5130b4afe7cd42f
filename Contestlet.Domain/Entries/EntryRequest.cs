namespace Contestlet.Domain.Entries;

/// <summary>What a contestant submits besides the proven phone number, and through which channel.</summary>
public sealed record EntryRequest(string? State, bool ConfirmedAgeRulesAndSms, EntrySource Source = EntrySource.Web);
