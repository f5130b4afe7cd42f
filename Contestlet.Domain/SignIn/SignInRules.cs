namespace Contestlet.Domain.SignIn;

/// <summary>The numbers behind one-time codes and sending limits (docs/product.md §2); configured per environment.</summary>
public sealed record SignInRules(
    TimeSpan CodeLifetime,
    int MaxAttemptsPerCode,
    TimeSpan Cooldown,
    int SendsPerNumberPerHour,
    int SendsPerIpPerHour)
{
    /// <summary>The sliding window the hourly caps count over.</summary>
    public static readonly TimeSpan CapWindow = TimeSpan.FromHours(1);

    public static SignInRules Default { get; } = new(TimeSpan.FromMinutes(10), 5, TimeSpan.FromSeconds(60), 5, 20);
}
