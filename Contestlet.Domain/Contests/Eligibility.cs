namespace Contestlet.Domain.Contests;

public enum RegionScope
{
    AllUs,
    ListedStates,
    Custom,
}

public enum EntryFrequency
{
    OncePerContest,
    OncePerDay,
}

/// <summary>Who may enter and how often.</summary>
public sealed record Eligibility
{
    public const int MinimumAgeFloor = 13;
    public const int MinimumAgeCeiling = 100;
    public const int DefaultMinimumAge = 18;
    public const int CustomTextMaxLength = 500;

    public int MinimumAge { get; init; } = DefaultMinimumAge;
    public RegionScope Scope { get; init; } = RegionScope.AllUs;

    /// <summary>Two-letter USPS codes, used when <see cref="Scope"/> is <see cref="RegionScope.ListedStates"/>.</summary>
    public IReadOnlyList<string> States { get; init; } = [];

    /// <summary>Free text shown when <see cref="Scope"/> is <see cref="RegionScope.Custom"/> (e.g. "Residents of Maricopa County").</summary>
    public string? CustomText { get; init; }

    public EntryFrequency Frequency { get; init; } = EntryFrequency.OncePerContest;

    /// <summary>Total entries the contest accepts; null for no cap.</summary>
    public int? TotalEntryCap { get; init; }

    public bool RequiresState => Scope == RegionScope.ListedStates;

    // A record compares lists by reference; two eligibilities with the same states are the same rule.
    public bool Equals(Eligibility? other) =>
        other is not null && MinimumAge == other.MinimumAge && Scope == other.Scope && States.SequenceEqual(other.States)
        && CustomText == other.CustomText && Frequency == other.Frequency && TotalEntryCap == other.TotalEntryCap;

    public override int GetHashCode() => HashCode.Combine(MinimumAge, Scope, States.Count, CustomText, Frequency, TotalEntryCap);

    public string DescribeWhere() => Scope switch
    {
        RegionScope.AllUs => "Open to legal residents of the 50 US states and DC",
        RegionScope.ListedStates => "Open to residents of " + string.Join(", ", States.Select(UsStates.NameOf)),
        _ => CustomText ?? "See the official rules",
    };

    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (MinimumAge is < MinimumAgeFloor or > MinimumAgeCeiling)
        {
            errors[nameof(MinimumAge)] = $"Minimum age must be between {MinimumAgeFloor} and {MinimumAgeCeiling}.";
        }

        if (Scope == RegionScope.ListedStates && States.Count == 0)
        {
            errors[nameof(States)] = "Pick at least one state, or open the contest to all of the US.";
        }

        if (States.FirstOrDefault(s => !UsStates.IsKnown(s)) is { } unknown)
        {
            errors[nameof(States)] = $"'{unknown}' is not a US state code.";
        }

        if (Scope == RegionScope.Custom && string.IsNullOrWhiteSpace(CustomText))
        {
            errors[nameof(CustomText)] = "Describe who may enter.";
        }

        if (TotalEntryCap is < 1)
        {
            errors[nameof(TotalEntryCap)] = "The entry cap must be at least 1, or empty for no cap.";
        }

        return errors;
    }
}
