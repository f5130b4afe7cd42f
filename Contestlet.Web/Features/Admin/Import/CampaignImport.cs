using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.TextToWin;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Import;

/// <summary>Turns a parsed one-sheet into a draft contest, with the extras kept and an "Imported" audit row.</summary>
public sealed class CampaignImport(TimeProvider time, AdminChanges changes, ILogger<CampaignImport> logger)
{
    /// <summary>
    /// The schedule a campaign runs on: its start (the sheet's, else the one chosen on the page) in its zone, for its
    /// duration in whole local days, so a 7-day campaign ends at the same wall-clock time a week later.
    /// </summary>
    public static ScheduleResult ScheduleFor(ImportedCampaign campaign, DateTime localStart, string timeZoneId) =>
        ContestSchedule.FromLocal(localStart, localStart.AddDays(campaign.DurationDays), timeZoneId);

    /// <summary>The start used when the sheet has none: tomorrow at 9:00 in the contest's zone.</summary>
    public DateTime DefaultLocalStart(string timeZoneId) => ContestSchedule.DefaultLocalStart(time.GetUtcNow(), timeZoneId);

    public async Task<AdminResult> CreateDraftAsync(ImportedCampaign campaign, ContestSchedule schedule, AdminActor actor,
        CancellationToken cancellationToken)
    {
        Contest? imported = null;
        AdminResult<int> result;
        try
        {
            result = await changes.RunAsync(actor, async change =>
            {
                var contest = imported = Contest.Import(campaign.Details, schedule, campaign.ExtrasJson, change.Now);
                change.Db.Contests.Add(contest);
                if (await KeywordClaims.PrepareAsync(change.Db, contest, change.Now, cancellationToken) is { } taken)
                {
                    throw new DomainRuleException(taken);
                }

                await change.AuditAsync(contest, AuditAction.Imported,
                    campaign.ExtrasJson is null ? "Imported from a one-sheet" : "Imported from a one-sheet; extra fields kept");
                return contest.Id;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsClaimClash() && imported?.KeywordClaim is { } keyword)
        {
            return AdminResult.Failed(KeywordClaims.Taken(keyword, null));
        }

        if (!result.Succeeded)
        {
            return AdminResult.Failed(result.Error!);
        }

        logger.LogInformation("Contest {ContestId} imported as a draft by admin {Admin}", result.Value, actor.Masked);
        return AdminResult.Done(result.Value);
    }
}
