using System.Security.Cryptography;
using System.Text;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Infrastructure.Limits;

/// <summary>A limit to count a send against: <paramref name="Depth"/> is how many recent sends the decision needs to see;
/// <paramref name="AppWide"/> marks a key every sender of the app counts against (the SMS budget), read and locked last.</summary>
public sealed record LedgerKey(string Scope, string Key, int Depth, bool AppWide = false);

/// <summary>The recent sends counted against one key, newest first, and the last sequence number used.</summary>
public sealed record LedgerHistory(LedgerKey Key, IReadOnlyList<DateTimeOffset> RecentNewestFirst, long LastSequence);

/// <summary>
/// Check-and-record for sending limits shared by every app instance (docs/decisions/007-phone-sign-in.md).
/// Reads each key's recent history, lets the caller decide, and when allowed records one send under every key in
/// one transaction. The unique (scope, key, sequence) index turns a race into a refused insert, retried with the
/// fresh history: concurrent requests can never record more sends than the decision allows. SQLite serialises
/// writers anyway (BEGIN IMMEDIATE). On PostgreSQL each transaction takes a transaction-scoped advisory lock per key
/// before reading it, so senders on one key (the app-wide SMS budget's hour and day are on every sign-in) queue for
/// each other's commit instead of all reading the same history and colliding: a burst of n senders used to cost up to
/// n rounds of retries each; the index stays as the guarantee.
/// </summary>
public sealed class SendLedger(IDbContextFactory<ContestletDbContext> dbFactory, ILogger<SendLedger> logger)
{
    /// <summary>Each round has a winner, so n simultaneous senders on one key need at most n rounds; the cap bounds n in practice.</summary>
    private const int MaxRaces = 64;

    private long _racesLost;

    /// <summary>Rounds lost to a concurrent sender since start (each one a rolled-back insert and a retry).</summary>
    public long RacesLost => Interlocked.Read(ref _racesLost);

    public async Task<TDecision> RecordIfAllowedAsync<TDecision>(IReadOnlyList<LedgerKey> keys, DateTimeOffset now,
        Func<IReadOnlyList<LedgerHistory>, TDecision> decide, Func<TDecision, bool> allows, CancellationToken cancellationToken)
    {
        for (var race = 1; ; race++)
        {
            try
            {
                return await dbFactory.InTransactionAsync(async db =>
                {
                    // The sender's own keys first, the app-wide ones last: every sign-in of the app passes through the
                    // app-wide keys one at a time, so their section is kept to their lock, their reads, the insert and the
                    // commit. No deadlock: every transaction takes its own keys' locks (sorted in the statement) before the
                    // app-wide ones (sorted too), and takes no lock after those.
                    var histories = new LedgerHistory[keys.Count];
                    foreach (var appWide in (bool[])[false, true])
                    {
                        var indexes = Enumerable.Range(0, keys.Count).Where(i => keys[i].AppWide == appWide).ToArray();
                        if (indexes.Length == 0)
                        {
                            continue;
                        }

                        if (db.Kind == DatabaseKind.Postgres)
                        {
                            var lockIds = indexes.Select(i => LockId(keys[i])).Distinct().ToArray();
                            await db.Database.ExecuteSqlAsync(
                                $"SELECT pg_advisory_xact_lock(id) FROM unnest({lockIds}) AS id ORDER BY id", cancellationToken);
                        }

                        foreach (var i in indexes)
                        {
                            histories[i] = await ReadAsync(db, keys[i], cancellationToken);
                        }
                    }

                    var decision = decide(histories);
                    if (allows(decision))
                    {
                        db.SendLedger.AddRange(histories.Select(h => new SendLedgerEntry(h.Key.Scope, h.Key.Key, h.LastSequence + 1, now)));
                        await db.SaveChangesAsync(cancellationToken);
                    }

                    return decision;
                }, cancellationToken);
            }
            catch (DbUpdateException ex) when (race < MaxRaces)
            {
                // Another instance recorded a send for one of these keys first; judge again with its send included,
                // after a short random pause so the losers of a burst do not collide again in lockstep.
                Interlocked.Increment(ref _racesLost);
                logger.LogDebug(ex, "Send ledger race {Race} lost; re-reading history", race);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + (race * 2))), cancellationToken);
            }
        }
    }

    /// <summary>A key's advisory lock id: 64 bits of a SHA-256 of scope and key (a clash only makes two keys queue together).</summary>
    private static long LockId(LedgerKey key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"send_ledger\n{key.Scope}\n{key.Key}")), 0);

    /// <summary>One key's recent history, without recording anything (e.g. whether a number is locked).</summary>
    public async Task<LedgerHistory> ReadAsync(LedgerKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ReadAsync(db, key, cancellationToken);
    }

    private static async Task<LedgerHistory> ReadAsync(ContestletDbContext db, LedgerKey key, CancellationToken cancellationToken)
    {
        var recent = await db.SendLedger.AsNoTracking()
            .Where(e => e.Scope == key.Scope && e.Key == key.Key)
            .OrderByDescending(e => e.Sequence)
            .Take(Math.Max(key.Depth, 1))
            .Select(e => new { e.Sequence, e.At })
            .ToListAsync(cancellationToken);
        return new LedgerHistory(key, recent.Select(e => e.At).ToList(), recent.Count == 0 ? 0 : recent[0].Sequence);
    }
}
