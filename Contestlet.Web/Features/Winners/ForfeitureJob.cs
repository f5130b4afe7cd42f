using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Winners;

/// <summary>
/// Forfeits claims left past their deadline and promotes and texts the next alternate, on a configurable interval.
/// Safe with several app instances: each award moves once (version column) and each alternate takes one slot (unique index).
/// </summary>
public sealed class ForfeitureJob(IServiceScopeFactory scopes, IOptions<WinnersOptions> options, TimeProvider time, ILogger<ForfeitureJob> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override string Name => "The forfeiture pass";

    protected override TimeSpan Interval => options.Value.ForfeitureCheckInterval;

    protected override bool Enabled => options.Value.ForfeitureJobEnabled;

    /// <summary>One pass outside the schedule (tests); returns how many awards were forfeited.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await ForfeitAsync(scope.ServiceProvider, cancellationToken);
    }

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        ForfeitAsync(services, cancellationToken);

    private async Task<int> ForfeitAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var forfeited = await services.GetRequiredService<WinnerNotifications>().ForfeitExpiredAsync(cancellationToken);
        if (forfeited > 0)
        {
            logger.LogInformation("Forfeited {Count} unclaimed prize(s) and promoted their alternates", forfeited);
        }

        return forfeited;
    }
}
