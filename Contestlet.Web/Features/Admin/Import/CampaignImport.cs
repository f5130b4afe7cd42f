using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin.Audit;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Import;

/// <summary>Turns a parsed one-sheet into a draft contest, with the extras kept and an "Imported" audit row.</summary>
public sealed class CampaignImport(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IAdminAccessCheck access, ILogger<CampaignImport> logger)
{
    /// <summary>
    /// The schedule a campaign runs on: its start (the sheet's, else the one chosen on the page) in its zone, for its
    /// duration in whole local days, so a 7-day campaign ends at the same wall-clock time a week later.
    /// </summary>
    public static ScheduleResult ScheduleFor(ImportedCampaign campaign, DateTime localStart, string timeZoneId) =>
        ContestSchedule.FromLocal(localStart, localStart.AddDays(campaign.DurationDays), timeZoneId);

    /// <summary>The start used when the sheet has none: tomorrow at 9:00 in the contest's zone.</summary>
    public DateTime DefaultLocalStart(string timeZoneId) =>
        Domain.Time.TimeZones.ToLocal(time.GetUtcNow(), timeZoneId).Date.AddDays(1).AddHours(9);

    public async Task<AdminResult> CreateDraftAsync(ImportedCampaign campaign, ContestSchedule schedule, AdminActor actor,
        CancellationToken cancellationToken)
    {
        if (await access.RefusalAsync(actor, cancellationToken) is { } refused)
        {
            return AdminResult.Failed(refused);
        }

        var now = time.GetUtcNow();
        var contest = Contest.Import(campaign.Details, schedule, campaign.ExtrasJson, now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Contests.Add(contest);
        if (await TextToWin.KeywordClaims.PrepareAsync(db, contest, now, cancellationToken) is { } taken)
        {
            return AdminResult.Failed(taken);
        }

        await AuditTrail.SaveWithAuditAsync(db, contest, AuditAction.Imported, actor, now,
            campaign.ExtrasJson is null ? "Imported from a one-sheet" : "Imported from a one-sheet; extra fields kept", cancellationToken);
        logger.LogInformation("Contest {ContestId} imported as a draft by admin {Admin}", contest.Id, actor.Masked);
        return AdminResult.Done(contest.Id);
    }
}
