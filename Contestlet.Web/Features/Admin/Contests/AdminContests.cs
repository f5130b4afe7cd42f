using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Web.Data;
using Contestlet.Web.Features.TextToWin;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>
/// The console's contest operations. Each one runs through <see cref="AdminChanges"/>: loads the contest, applies a domain
/// method (which enforces the rule) and saves the change together with its audit row.
/// </summary>
public sealed class AdminContests(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IDrawSeedVault seeds, AdminChanges changes,
    ILogger<AdminContests> logger)
{
    public const int MaxPageSize = 100;
    private const string ChangedMeanwhile = "Someone entered this contest while you were working on it. Reload the page and try again.";

    /// <summary>One page of the grid: filter, search and sort run in the database; the count is one more query.</summary>
    public async Task<ContestGridPage> QueryAsync(ContestGridQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contests = db.Contests.AsNoTracking();
        if (query.Status is { } status)
        {
            contests = contests.Where(Contest.HasStatus(status, now));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + EscapeLike(query.Search.Trim()) + "%";
            contests = db.Kind == DatabaseKind.Postgres
                ? contests.Where(c => EF.Functions.ILike(c.Name, pattern, "\\") || EF.Functions.ILike(c.SponsorName, pattern, "\\")
                                      || EF.Functions.ILike(c.Code, pattern, "\\"))
                : contests.Where(c => EF.Functions.Like(c.Name, pattern, "\\") || EF.Functions.Like(c.SponsorName, pattern, "\\")
                                      || EF.Functions.Like(c.Code, pattern, "\\"));
        }

        var total = await contests.CountAsync(cancellationToken);
        var sorted = (query.Sort, query.Descending) switch
        {
            (ContestSort.Name, false) => contests.OrderBy(c => c.Name),
            (ContestSort.Name, true) => contests.OrderByDescending(c => c.Name),
            (ContestSort.Start, false) => contests.OrderBy(c => c.Schedule.StartsAt),
            (ContestSort.Start, true) => contests.OrderByDescending(c => c.Schedule.StartsAt),
            (ContestSort.End, false) => contests.OrderBy(c => c.Schedule.EndsAt),
            (ContestSort.End, true) => contests.OrderByDescending(c => c.Schedule.EndsAt),
            (ContestSort.Entries, false) => contests.OrderBy(c => c.EntryCount),
            (ContestSort.Entries, true) => contests.OrderByDescending(c => c.EntryCount),
            (_, false) => contests.OrderBy(c => c.Id),
            (_, true) => contests.OrderByDescending(c => c.Id),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var rows = await sorted.ThenByDescending(c => c.Id)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);

        // One query for the page's draws (not one per row): how many winners each drawn contest has.
        var drawnIds = rows.Where(c => c.DrawnAt is not null).Select(c => c.Id).ToList();
        var winners = drawnIds.Count == 0
            ? new Dictionary<int, int>()
            : (await db.Draws.AsNoTracking().Where(d => drawnIds.Contains(d.ContestId)).Select(d => new { d.ContestId, d.Winners })
                .ToListAsync(cancellationToken)).ToDictionary(d => d.ContestId, d => d.Winners.Count);
        return new ContestGridPage(rows.Select(c => new ContestRow(c.Id, c.Code, c.Name, c.SponsorName, c.StatusAt(now), c.Schedule,
            c.EntryCount, c.DrawnAt, winners.TryGetValue(c.Id, out var count) ? count : null)).ToList(), total);
    }

    public async Task<Contest?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<AdminResult> CreateAsync(ContestDetails details, ContestSchedule schedule, AdminActor actor, CancellationToken cancellationToken) =>
        await ContestChangeAsync(actor, AuditAction.Created, async change =>
        {
            if (details.Validate() is { Count: > 0 } errors)
            {
                throw new AdminFieldErrorsException(errors);
            }

            var contest = Contest.Create(details, schedule, change.Now);
            change.Db.Contests.Add(contest);
            await ClaimKeywordAsync(change, contest, AuditAction.Created);
            await change.AuditAsync(contest, AuditAction.Created, "Created as a draft");
            return contest;
        }, cancellationToken);

    /// <summary>Saves an edit under the editing rules; rule and field errors come back keyed by field.</summary>
    public async Task<AdminResult> UpdateAsync(int id, ContestDetails details, ContestSchedule schedule, AdminActor actor,
        CancellationToken cancellationToken) =>
        await ContestChangeAsync(actor, AuditAction.Edited, async change =>
        {
            var contest = await FindForChangeAsync(change, id, includeTrash: false);
            if (contest.CheckEdit(details, schedule, change.Now) is { Count: > 0 } errors)
            {
                throw new AdminFieldErrorsException(errors);
            }

            var changed = DescribeChanges(contest, details, schedule);
            contest.Edit(details, schedule, change.Now);
            await ClaimKeywordAsync(change, contest, AuditAction.Edited);
            await change.AuditAsync(contest, AuditAction.Edited, changed);
            return contest;
        }, cancellationToken);

    public Task<AdminResult> PublishAsync(int id, AdminActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, AuditAction.Published, (contest, now) =>
        {
            contest.Publish(now, seeds);
            return $"Seed commitment {contest.SeedCommitment}";
        }, cancellationToken);

    public Task<AdminResult> CancelAsync(int id, string reason, AdminActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, AuditAction.Cancelled, (contest, now) =>
        {
            contest.Cancel(now, reason);
            return $"Reason: {contest.CancellationReason} ({contest.EntryCount} entries)";
        }, cancellationToken);

    /// <summary>Moves a contest to the trash; with entries the admin must have typed its name.</summary>
    public Task<AdminResult> MoveToTrashAsync(int id, string? typedName, AdminActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, AuditAction.Deleted, (contest, now) =>
        {
            if (contest.DeletionNeedsNameConfirmation && !contest.IsConfirmedBy(typedName))
            {
                throw new DomainRuleException("Type the contest's name exactly to confirm deleting a contest people have entered.");
            }

            contest.MoveToTrash(now);
            return $"Moved to trash with {contest.EntryCount} entries; purged after {contest.PurgeAfter:u}";
        }, cancellationToken);

    public Task<AdminResult> RestoreAsync(int id, AdminActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, AuditAction.Restored, (contest, now) =>
        {
            contest.Restore(now);
            return null;
        }, cancellationToken, includeTrash: true);

    /// <summary>The trash, newest deletion first.</summary>
    public async Task<IReadOnlyList<TrashRow>> ListTrashAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Contests.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.DeletedAt != null)
            .OrderByDescending(c => c.DeletedAt).ThenByDescending(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.SponsorName, c.EntryCount, DeletedAt = c.DeletedAt!.Value })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new TrashRow(r.Id, r.Name, r.SponsorName, r.EntryCount, r.DeletedAt, r.DeletedAt + Contest.TrashRetention,
            now < r.DeletedAt + Contest.TrashRetention)).ToList();
    }

    /// <summary>Loads the contest, applies a domain method (which enforces the rule) and saves it with its audit row.</summary>
    private Task<AdminResult> ChangeAsync(int id, AdminActor actor, AuditAction action, Func<Contest, DateTimeOffset, string?> apply,
        CancellationToken cancellationToken, bool includeTrash = false) =>
        ContestChangeAsync(actor, action, async change =>
        {
            var contest = await FindForChangeAsync(change, id, includeTrash);
            var detail = apply(contest, change.Now);
            await ClaimKeywordAsync(change, contest, action);
            await change.AuditAsync(contest, action, detail);
            return contest;
        }, cancellationToken);

    private async Task<AdminResult> ContestChangeAsync(AdminActor actor, AuditAction action, Func<AdminChange, Task<Contest>> change,
        CancellationToken cancellationToken)
    {
        Contest? attempted = null;
        AdminResult<int> result;
        try
        {
            result = await changes.RunAsync(actor, async c => (attempted = await change(c)).Id, cancellationToken, ChangedMeanwhile);
        }
        catch (DbUpdateException ex) when (ex.IsClaimClash() && attempted?.KeywordClaim is { } keyword)
        {
            // Another contest claimed the keyword between our check and our save (the claim's unique index decided).
            return KeywordTaken(action, KeywordClaims.Taken(keyword, null));
        }

        if (!result.Succeeded)
        {
            return new AdminResult(false, null, result.Error, result.FieldErrors);
        }

        logger.LogInformation("Contest {ContestId} {Action} by admin {Admin}", result.Value, action, actor.Masked);
        return AdminResult.Done(result.Value);
    }

    private static async Task<Contest> FindForChangeAsync(AdminChange change, int id, bool includeTrash)
    {
        var contests = includeTrash ? change.Db.Contests.IgnoreQueryFilters() : change.Db.Contests;
        return await contests.SingleOrDefaultAsync(c => c.Id == id, change.CancellationToken)
               ?? throw new DomainRuleException(includeTrash ? "That contest is no longer in the trash." : "That contest no longer exists (it may have been deleted).");
    }

    private static async Task ClaimKeywordAsync(AdminChange change, Contest contest, AuditAction action)
    {
        if (await KeywordClaims.PrepareAsync(change.Db, contest, change.Now, change.CancellationToken) is { } taken)
        {
            throw action is AuditAction.Edited or AuditAction.Created
                ? AdminFieldErrorsException.For(KeywordClaims.Field, taken)
                : new DomainRuleException(taken);
        }
    }

    /// <summary>On the form the keyword field shows it; publishing or restoring has no field, so it is the action's message.</summary>
    private static AdminResult KeywordTaken(AuditAction action, string message) => action is AuditAction.Edited or AuditAction.Created
        ? AdminResult.Invalid(new Dictionary<string, string> { [KeywordClaims.Field] = message })
        : AdminResult.Failed(message);

    private static string DescribeChanges(Contest before, ContestDetails details, ContestSchedule schedule)
    {
        var changed = new List<string>();
        void Check(bool differs, string what)
        {
            if (differs)
            {
                changed.Add(what);
            }
        }

        Check(before.Name != details.Name.Trim(), "name");
        Check(before.Description != details.Description.Trim(), "description");
        Check(before.ImageUrl != details.ImageUrl, "image");
        Check(before.SponsorName != details.SponsorName.Trim() || before.SponsorUrl != details.SponsorUrl, "sponsor");
        Check(before.Schedule.StartsAt != schedule.StartsAt, $"start ({schedule.FormatStart()})");
        Check(before.Schedule.EndsAt != schedule.EndsAt, $"end ({schedule.FormatEnd()})");
        Check(before.Schedule.TimeZoneId != schedule.TimeZoneId, $"time zone ({schedule.TimeZoneId})");
        Check(before.Prize != details.Prize, "prizes");
        Check(before.Eligibility != details.Eligibility, "eligibility");
        Check(before.Rules != details.Rules, "official rules");
        Check(before.Messages != details.Messages, "SMS templates");
        Check(before.ClaimWindowHours != details.ClaimWindowHours, "claim window");
        Check(before.Keyword != details.Keyword?.Trim().ToUpperInvariant() && (before.Keyword is not null || !string.IsNullOrWhiteSpace(details.Keyword)),
            $"SMS keyword ({(string.IsNullOrWhiteSpace(details.Keyword) ? "none" : details.Keyword.Trim().ToUpperInvariant())})");
        Check(before.SmsDoubleOptIn != details.SmsDoubleOptIn, "SMS double opt-in");
        return changed.Count == 0 ? "No changes" : "Changed " + string.Join(", ", changed);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

public enum ContestSort
{
    Newest,
    Name,
    Start,
    End,
    Entries,
}

public sealed record ContestGridQuery(int Page, int PageSize, ContestSort Sort = ContestSort.Newest, bool Descending = true,
    string? Search = null, ContestStatus? Status = null);

public sealed record ContestRow(int Id, string Code, string Name, string SponsorName, ContestStatus Status, ContestSchedule Schedule,
    int EntryCount, DateTimeOffset? DrawnAt, int? WinnersDrawn);

public sealed record ContestGridPage(IReadOnlyList<ContestRow> Rows, int Total);

public sealed record TrashRow(int Id, string Name, string SponsorName, int EntryCount, DateTimeOffset DeletedAt, DateTimeOffset PurgeAfter,
    bool CanRestore);
