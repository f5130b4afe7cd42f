using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;
using Contestlet.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Contestlet.Web.Features.TextToWin;

/// <summary>
/// Keeps a keyword to one live contest (docs/decisions/014-text-to-win.md): before a contest that claims a keyword is
/// saved, holders whose claim has lapsed (ended, cancelled, drawn, deleted) let go of it; the unique index on the claim
/// settles two admins saving at once, and both paths give the form the same field message.
/// </summary>
public static class KeywordClaims
{
    public const string Field = nameof(ContestDetails.Keyword);
    private const string ClaimIndex = "IX_contests_KeywordClaim";

    /// <summary>
    /// Releases lapsed claims on the contest's keyword; returns the field message when a live contest holds it. A draft
    /// claims nothing yet, but its keyword is checked too, so the form says at once what publishing would refuse.
    /// </summary>
    public static async Task<string?> PrepareAsync(ContestletDbContext db, Contest contest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if ((contest.KeywordClaim ?? (contest.PublishedAt is null ? contest.Keyword : null)) is not { } keyword)
        {
            return null;
        }

        await db.Contests.IgnoreQueryFilters()
            .Where(c => c.KeywordClaim == keyword && c.Id != contest.Id)
            .Where(Contest.KeywordClaimLapsedAt(now))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.KeywordClaim, (string?)null), cancellationToken);
        var holder = await db.Contests.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.KeywordClaim == keyword && c.Id != contest.Id)
            .Select(c => new { c.Name, c.Schedule.EndsAt, c.Schedule.TimeZoneId })
            .FirstOrDefaultAsync(cancellationToken);
        return holder is null ? null : Taken(keyword, holder.Name, TimeZones.Format(holder.EndsAt, holder.TimeZoneId));
    }

    public static string Taken(string keyword, string? holder, string? until = null) => holder is null
        ? $"{keyword} is already the keyword of another live contest. Choose another keyword."
        : $"{keyword} is already the keyword of “{holder}”{(until is null ? "" : $" until {until}")}. Choose another keyword, or use it once that contest ends.";

    /// <summary>The save lost a race for the keyword to another contest.</summary>
    public static bool IsClaimClash(this DbUpdateException exception) => exception.IsUniqueViolation() && exception.InnerException switch
    {
        PostgresException postgres => postgres.ConstraintName == ClaimIndex,
        SqliteException sqlite => sqlite.Message.Contains("contests.KeywordClaim", StringComparison.Ordinal),
        _ => false,
    };
}
