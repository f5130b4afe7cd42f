using System.Diagnostics.Metrics;

namespace Contestlet.Web.Infrastructure.Observability;

/// <summary>
/// The sign-in SMS budget (Auth:Limits:SmsBudgetPerHour / SmsBudgetPerDay) as gauges, so the "budget nearly spent"
/// alert compares codes sent with this environment's own budget instead of a number copied into the rules.
/// Read from configuration with the same defaults as the settings class (500 an hour, 3000 a day).
/// </summary>
public sealed class SignInBudgetGauge : IDisposable
{
    public const int DefaultPerHour = 500;
    public const int DefaultPerDay = 3000;

    private readonly Meter _meter;

    public SignInBudgetGauge(IConfiguration configuration, IMeterFactory meters)
    {
        var perHour = configuration.GetValue("Auth:Limits:SmsBudgetPerHour", DefaultPerHour);
        var perDay = configuration.GetValue("Auth:Limits:SmsBudgetPerDay", DefaultPerDay);
        _meter = meters.Create(ContestletMetrics.MeterName);
        _meter.CreateObservableGauge("contestlet.signin.sms_budget.limit", () => new[]
        {
            new Measurement<int>(perHour, new KeyValuePair<string, object?>("window", "hour")),
            new Measurement<int>(perDay, new KeyValuePair<string, object?>("window", "day")),
        }, "{code}", "The sign-in SMS budget per window (hour, day), shared by every instance");
    }

    public void Dispose() => _meter.Dispose();
}
