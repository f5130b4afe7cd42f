namespace Contestlet.Domain.Entries;

/// <summary>What a contestant submits besides the proven phone number.</summary>
public sealed record EntryRequest(string? State, bool ConfirmedAgeRulesAndSms);
