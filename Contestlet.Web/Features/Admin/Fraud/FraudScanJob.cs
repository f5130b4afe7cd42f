using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Admin.Fraud;

/// <summary>The background fraud pass: keeps every undrawn contest's signals current without touching the entry flow.</summary>
public sealed class FraudScanJob(IServiceScopeFactory scopes, IOptions<FraudOptions> options, TimeProvider time, ILogger<FraudScanJob> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override string Name => "The fraud pass";

    protected override TimeSpan Interval => options.Value.ScanInterval;

    protected override bool Enabled => options.Value.ScanEnabled;

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<FraudReview>().ScanAllAsync(cancellationToken);
}
