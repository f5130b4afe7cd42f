namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>Who is an admin and which numbers may sign in.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Admin phone numbers in any common spelling; normalised to E.164 at start-up.</summary>
    public List<string> AdminPhones { get; set; } = [];

    /// <summary>
    /// Regions whose numbers may sign in (ISO codes). Empty means US. No default items here: the configuration binder
    /// appends configured items to a list's initial content, which would turn ["US"] into ["US", "US"].
    /// </summary>
    public List<string> AllowedRegions { get; set; } = [];

    public IReadOnlyList<string> Regions =>
        AllowedRegions.Count == 0 ? ["US"] : AllowedRegions.Select(r => r.Trim().ToUpperInvariant()).Distinct().ToList();

    /// <summary>Accept fictional 555 numbers (Development).</summary>
    public bool AllowFictionalNumbers { get; set; }

    public int ContestantSessionDays { get; set; } = 30;
    public int AdminIdleHours { get; set; } = 12;

    /// <summary>How often an open admin console re-checks the admin list and the idle limit (at most 60 s; tests shorten it).</summary>
    public int CircuitRevalidationSeconds { get; set; } = 60;

    public SignInLimits Limits { get; set; } = new();
}

/// <summary>One-time code and sending limits (docs/product.md §2).</summary>
public sealed class SignInLimits
{
    public int CodeLifetimeMinutes { get; set; } = 10;
    public int MaxAttemptsPerCode { get; set; } = 5;
    public int CooldownSeconds { get; set; } = 60;
    public int SendsPerNumberPerHour { get; set; } = 5;
    public int SendsPerIpPerHour { get; set; } = 20;

    /// <summary>Wrong codes for one number within <see cref="LockoutHours"/> that lock it until the oldest leaves the window.</summary>
    public int LockoutFailures { get; set; } = 10;

    public int LockoutHours { get; set; } = 24;

    /// <summary>All sign-in texts the app may send in a clock hour and in a UTC day, whoever asks (per environment).</summary>
    public int SmsBudgetPerHour { get; set; } = 500;

    public int SmsBudgetPerDay { get; set; } = 3000;
}
