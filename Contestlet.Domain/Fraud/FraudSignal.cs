namespace Contestlet.Domain.Fraud;

/// <summary>Why an entry may deserve a look before the draw (docs/product.md §4 Fraud review). Signals flag; they never disqualify.</summary>
public enum FraudSignal
{
    /// <summary>Many entries from one client network (/24 IPv4, /64 IPv6) in a short window.</summary>
    SharedNetwork = 1,

    /// <summary>Entries from one network faster than a person can enter (each web entry proves a phone by code).</summary>
    MachineSpeed = 2,

    /// <summary>The number's line type is not mobile (VoIP, fixed line, toll-free…), by libphonenumber's ranges.</summary>
    NotMobile = 3,

    /// <summary>Part of a run of consecutive numbers entering the same contest.</summary>
    SequentialNumbers = 4,

    /// <summary>The same number was disqualified before, in this or another contest.</summary>
    DisqualifiedBefore = 5,

    /// <summary>One browser (first-party cookie id) entered with several numbers.</summary>
    SharedBrowser = 6,
}
