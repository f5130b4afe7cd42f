using Contestlet.Web.Infrastructure.Limits;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>The shared send ledger under a burst on one key (issue 15): every send recorded once, in order, without races.</summary>
public sealed class SendLedgerTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ABurstOnOneKeyQueuesInsteadOfRacing(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var ledger = app.Services.GetRequiredService<SendLedger>();
            var racesBefore = ledger.RacesLost;
            var key = new LedgerKey("budget", "2026-11-24T12", 1);
            var now = app.Time.GetUtcNow();

            var sequences = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() =>
                ledger.RecordIfAllowedAsync([key], now, histories => histories[0].LastSequence + 1, _ => true, CancellationToken.None))));

            Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), sequences.Order());
            Assert.Equal(24, (await ledger.ReadAsync(key with { Depth = 100 }, CancellationToken.None)).RecentNewestFirst.Count);
            // Before the per-key lock, PostgreSQL senders read the same history and lost ~n rounds each to the unique index.
            Assert.Equal(racesBefore, ledger.RacesLost);
        });
}
