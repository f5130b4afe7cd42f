using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Infrastructure.Limits;

/// <summary>A limit to count a send against: <paramref name="Depth"/> is how many recent sends the decision needs to see.</summary>
public sealed record LedgerKey(string Scope, string Key, int Depth);

/// <summary>The recent sends counted against one key, newest first, and the last sequence number used.</summary>
public sealed record LedgerHistory(LedgerKey Key, IReadOnlyList<DateTimeOffset> RecentNewestFirst, long LastSequence);

/// <summary>An app-wide limit: at most <paramref name="Limit"/> sends in <paramref name="Bucket"/> (e.g. this hour), counted in one row.</summary>
public sealed record LedgerCounter(string Scope, string Bucket, long Limit);

/// <summary>
/// Check-and-record for sending limits shared by every app instance (docs/decisions/007-phone-sign-in.md).
/// Per-sender limits (a number, a client address) are keys with a history: reads each key's recent sends, lets the caller
/// decide, and when allowed records one send under every key in one transaction. The unique (scope, key, sequence) index
/// turns a race into a refused insert, retried with the fresh history: concurrent requests can never record more sends
/// than the decision allows. On PostgreSQL each transaction first takes a transaction-scoped advisory lock per key, so
/// senders on one key queue for each other's commit instead of all reading the same history and colliding; SQLite
/// serialises writers anyway (BEGIN IMMEDIATE).
/// App-wide limits (the sign-in SMS budget, staging's daily cap) are counters, raised last in the same transaction by one
/// conditional upsert each, which stops at the limit (docs/decisions/027-app-wide-send-counters.md): every sender of the
/// app passes through those rows, so each holds its row for one statement and the commit. A counter at its limit rolls
/// the whole send back.
/// </summary>
public sealed class SendLedger(IDbContextFactory<ContestletDbContext> dbFactory, ILogger<SendLedger> logger)
{
    public const string CounterTable = "send_counters";

    /// <summary>Each round has a winner, so n simultaneous senders on one key need at most n rounds; the cap bounds n in practice.</summary>
    private const int MaxRaces = 64;

    private long _racesLost;

    /// <summary>Rounds lost to a concurrent sender since start (each one a rolled-back insert and a retry).</summary>
    public long RacesLost => Interlocked.Read(ref _racesLost);

    public Task<TDecision> RecordIfAllowedAsync<TDecision>(IReadOnlyList<LedgerKey> keys, DateTimeOffset now,
        Func<IReadOnlyList<LedgerHistory>, TDecision> decide, Func<TDecision, bool> allows, CancellationToken cancellationToken) =>
        RecordIfAllowedAsync(keys, [], now, decide, allows, _ => throw new UnreachableException(), cancellationToken);

    /// <param name="counters">App-wide limits the send also counts against, raised in this order once the keys allow it.</param>
    /// <param name="refusedBy">The decision when a counter is at its limit (its index in <paramref name="counters"/>).</param>
    public async Task<TDecision> RecordIfAllowedAsync<TDecision>(IReadOnlyList<LedgerKey> keys, IReadOnlyList<LedgerCounter> counters,
        DateTimeOffset now, Func<IReadOnlyList<LedgerHistory>, TDecision> decide, Func<TDecision, bool> allows, Func<int, TDecision> refusedBy,
        CancellationToken cancellationToken)
    {
        for (var race = 1; ; race++)
        {
            try
            {
                return await dbFactory.InTransactionAsync(async db =>
                {
                    if (db.Kind == DatabaseKind.Postgres && keys.Count > 0)
                    {
                        // Sorted in the statement, so two senders with overlapping keys cannot deadlock.
                        var lockIds = keys.Select(LockId).Distinct().ToArray();
                        await db.Database.ExecuteSqlAsync(
                            $"SELECT pg_advisory_xact_lock(id) FROM unnest({lockIds}) AS id ORDER BY id", cancellationToken);
                    }

                    var histories = new LedgerHistory[keys.Count];
                    for (var i = 0; i < keys.Count; i++)
                    {
                        histories[i] = await ReadAsync(db, keys[i], cancellationToken);
                    }

                    var decision = decide(histories);
                    if (!allows(decision))
                    {
                        return decision;
                    }

                    db.SendLedger.AddRange(histories.Select(h => new SendLedgerEntry(h.Key.Scope, h.Key.Key, h.LastSequence + 1, now)));
                    await db.SaveChangesAsync(cancellationToken);
                    for (var i = 0; i < counters.Count; i++)
                    {
                        if (!await TryCountAsync(db, counters[i], cancellationToken))
                        {
                            await db.Database.RollbackTransactionAsync(cancellationToken);
                            return refusedBy(i);
                        }
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

    /// <summary>
    /// Raises the counter by one unless it is at its limit: one statement on both providers (an upsert whose update only
    /// applies below the limit, returning the new count, or no row when it did not apply). On PostgreSQL the row stays
    /// locked until the commit, so a concurrent sender waits and then sees this send.
    /// </summary>
    private static async Task<bool> TryCountAsync(ContestletDbContext db, LedgerCounter counter, CancellationToken cancellationToken)
    {
        if (counter.Limit <= 0)
        {
            return false;
        }

        var counted = await db.Database.SqlQuery<long>($"""
            INSERT INTO send_counters ("Scope", "Bucket", "Count") VALUES ({counter.Scope}, {counter.Bucket}, 1)
            ON CONFLICT ("Scope", "Bucket") DO UPDATE SET "Count" = send_counters."Count" + 1 WHERE send_counters."Count" < {counter.Limit}
            RETURNING "Count" AS "Value"
            """).ToListAsync(cancellationToken);
        return counted.Count == 1;
    }

    /// <summary>How many sends a counter has counted in its bucket (0 before the first).</summary>
    public async Task<long> CountAsync(string scope, string bucket, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SendCounters.AsNoTracking().Where(c => c.Scope == scope && c.Bucket == bucket).Select(c => c.Count)
            .SingleOrDefaultAsync(cancellationToken);
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
