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

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ABurstOnACounterCountsExactlyUpToItsLimit(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var ledger = app.Services.GetRequiredService<SendLedger>();
            var now = app.Time.GetUtcNow();
            var counters = new[] { new LedgerCounter("budget", "d:20261124", 100), new LedgerCounter("budget", "h:2026112412", 10) };

            // 30 senders, each with a key of their own, against an hour of 10 inside a day of 100.
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
                ledger.RecordIfAllowedAsync([new LedgerKey("sender", $"+1555010{i:D4}", 1)], counters, now,
                    _ => "sent", outcome => outcome == "sent", refused => $"refused by {refused}", CancellationToken.None))));

            Assert.Equal(10, outcomes.Count(o => o == "sent"));
            Assert.Equal(20, outcomes.Count(o => o == "refused by 1"));
            Assert.Equal(10, await ledger.CountAsync("budget", "h:2026112412", CancellationToken.None));
            // A refused send is rolled back whole: the day was not counted for it, and neither was the sender's own key.
            Assert.Equal(10, await ledger.CountAsync("budget", "d:20261124", CancellationToken.None));
            var recorded = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
                ledger.ReadAsync(new LedgerKey("sender", $"+1555010{i:D4}", 1), CancellationToken.None)));
            Assert.Equal(10, recorded.Count(h => h.LastSequence == 1));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ACounterAtItsLimitRefusesAndNamesWhichOne(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var ledger = app.Services.GetRequiredService<SendLedger>();
            var now = app.Time.GetUtcNow();
            LedgerCounter[] counters = [new("budget", "d:20261124", 2), new("budget", "h:2026112412", 5)];

            Task<string> SendAsync() => ledger.RecordIfAllowedAsync([], counters, now, _ => "sent", o => o == "sent", i => $"refused by {i}",
                CancellationToken.None);

            Assert.Equal(["sent", "sent", "refused by 0", "refused by 0"], [await SendAsync(), await SendAsync(), await SendAsync(), await SendAsync()]);
            Assert.Equal(2, await ledger.CountAsync("budget", "h:2026112412", CancellationToken.None));
        });
}

