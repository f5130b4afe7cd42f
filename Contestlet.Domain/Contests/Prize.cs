namespace Contestlet.Domain.Contests;

/// <summary>What winners get and how many there are.</summary>
public sealed record Prize
{
    public const int DescriptionMaxLength = 300;
    public const int MaxWinners = 100;
    public const int MaxAlternates = 100;

    public required string Description { get; init; }
    public decimal ValueUsd { get; init; }
    public int WinnerCount { get; init; } = 1;
    public int AlternateCount { get; init; } = 2;

    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Description))
        {
            errors[nameof(Description)] = "Describe the prize.";
        }

        if (ValueUsd < 0)
        {
            errors[nameof(ValueUsd)] = "The prize value cannot be negative.";
        }

        if (WinnerCount is < 1 or > MaxWinners)
        {
            errors[nameof(WinnerCount)] = $"Number of winners must be between 1 and {MaxWinners}.";
        }

        if (AlternateCount is < 0 or > MaxAlternates)
        {
            errors[nameof(AlternateCount)] = $"Number of alternates must be between 0 and {MaxAlternates}.";
        }

        return errors;
    }
}
