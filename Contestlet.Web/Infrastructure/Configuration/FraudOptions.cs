using System.ComponentModel.DataAnnotations;

namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>Fraud review thresholds (docs/product.md §4): when a pattern is worth an admin's look. Signals flag; nothing is disqualified.</summary>
public sealed class FraudOptions
{
    public const string Section = "Fraud";

    /// <summary>Runs the background pass in this instance (every instance may: a clash is retried on the next pass).</summary>
    public bool ScanEnabled { get; set; } = true;

    [Range(1, 3600)]
    public int ScanIntervalSeconds { get; set; } = 60;

    /// <summary>Entries read per round of a pass.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>This many entries from one /24 or /64 within <see cref="NetworkWindowMinutes"/> flag them all.
    /// A stadium's Wi-Fi entering a giveaway stays below it at a human pace.</summary>
    [Range(2, 100_000)]
    public int NetworkEntries { get; set; } = 20;

    [Range(1, 1440)]
    public int NetworkWindowMinutes { get; set; } = 10;

    /// <summary>This many entries from one network within <see cref="BurstWindowSeconds"/>: faster than anyone proves a phone by code.</summary>
    [Range(2, 1000)]
    public int BurstEntries { get; set; } = 3;

    [Range(1, 600)]
    public int BurstWindowSeconds { get; set; } = 10;

    /// <summary>A run of this many consecutive numbers in one contest.</summary>
    [Range(2, 100)]
    public int SequentialRun { get; set; } = 3;

    /// <summary>One browser entering one contest with this many different numbers.</summary>
    [Range(2, 100)]
    public int BrowserNumbers { get; set; } = 3;

    public TimeSpan ScanInterval => TimeSpan.FromSeconds(ScanIntervalSeconds);
    public TimeSpan NetworkWindow => TimeSpan.FromMinutes(NetworkWindowMinutes);
    public TimeSpan BurstWindow => TimeSpan.FromSeconds(BurstWindowSeconds);
}
