using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Limits;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Admin.Messages;

public enum MessageAudience
{
    AllEntrants,
    NonWinners,
}

public sealed record MessageRequest(int ContestId, MessageAudience Audience, NotificationType Type, string Template);

/// <summary>What a send would do: the rendered text, who gets it, and how many opted-out numbers are skipped.</summary>
public sealed record MessagePreview(string Body, int Recipients, int OptedOut, string? Problem = null);

/// <summary>A contest as the messages page offers it, with the templates it can start from.</summary>
public sealed record MessageContest(int Id, string Name, int EntryCount, bool Drawn, string? ReminderTemplate, string? NonWinnerTemplate);

/// <summary>A sent message: how many texts were queued, and how many opted-out numbers were skipped.</summary>
public sealed record MessagesQueued(int Queued, int OptedOut);

/// <summary>
/// Announcements and reminders to a contest's entrants (docs/product.md §4 Messages), through the outbox. Each admin may send
/// <see cref="OutboxOptions.AdminSendsPerHour"/> batches an hour, counted in the shared send ledger (so across instances).
/// A batch is queued with its audit row in one transaction.
/// </summary>
public sealed class AdminMessages(
    IDbContextFactory<ContestletDbContext> dbFactory,
    SendLedger ledger,
    IOptions<OutboxOptions> options,
    IOptions<WinnersOptions> winners,
    AdminChanges changes,
    TimeProvider time,
    ILogger<AdminMessages> logger)
{
    public const string RateScope = "admin-messages";

    public async Task<MessagePreview> PreviewAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (contest, recipients, optedOut, problem) = await AudienceAsync(db, request, cancellationToken);
        return contest is null
            ? new MessagePreview("", 0, 0, problem)
            : new MessagePreview(MessageText.Render(request.Template, contest, winners.Value.SiteBase), recipients.Count, optedOut, problem);
    }

    /// <summary>Queues the message for its audience with its audit row; succeeds with how many were queued and skipped.</summary>
    public async Task<AdminResult<MessagesQueued>> SendAsync(MessageRequest request, AdminActor admin, CancellationToken cancellationToken)
    {
        // Checked before the hourly allowance is spent: a message that cannot go does not count against the admin.
        var audience = await changes.TryAsync(admin, async () =>
        {
            if (request.Type is not (NotificationType.Reminder or NotificationType.Announcement))
            {
                throw new DomainRuleException("Only reminders and announcements are sent from here.");
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (contest, recipients, optedOut, problem) = await AudienceAsync(db, request, cancellationToken);
            if (contest is null || problem is not null)
            {
                throw new DomainRuleException(problem ?? "Choose a contest.");
            }

            var now = time.GetUtcNow();
            var limit = options.Value.AdminSendsPerHour;
            var allowed = await ledger.RecordIfAllowedAsync([new LedgerKey(RateScope, admin.PhoneE164, limit)], now,
                histories => histories[0].RecentNewestFirst.Count(at => at > now.AddHours(-1)) < limit, ok => ok, cancellationToken);
            if (!allowed)
            {
                throw new DomainRuleException($"You can send {(limit == 1 ? "1 message" : $"{limit} messages")} an hour; try again later.");
            }

            return (Contest: contest, Recipients: recipients, OptedOut: optedOut);
        }, cancellationToken);
        if (!audience.Succeeded)
        {
            return AdminResult.Refused<MessagesQueued>(audience.Error!);
        }

        var (contest, recipients, optedOut) = audience.Value;
        var result = await changes.RunAsync(admin, async change =>
        {
            var body = MessageText.Render(request.Template, contest, winners.Value.SiteBase);
            change.Db.Notifications.AddRange(recipients.Select(phone =>
                Notification.Queue(request.Type, PhoneNumber.FromE164(phone), body, change.Now, admin.Masked, contest.Id)));
            var who = request.Audience == MessageAudience.NonWinners ? "non-winners" : "all entrants";
            await change.AuditAsync(contest, AuditAction.MessageSent,
                $"{request.Type} to {who}: {recipients.Count} recipient(s), {optedOut} opted-out number(s) skipped");
            return new MessagesQueued(recipients.Count, optedOut);
        }, cancellationToken);
        if (result.Succeeded)
        {
            ContestletMetrics.SmsQueued(request.Type, recipients.Count);
            logger.LogInformation("Admin {Admin} queued {Count} {Type} messages for contest {ContestId}; {OptedOut} opted-out numbers skipped",
                admin.Masked, recipients.Count, request.Type, contest.Id, optedOut);
        }

        return result;
    }

    /// <summary>The contests a message can go to (published, not deleted), those with entries first, newest first.</summary>
    public async Task<IReadOnlyList<MessageContest>> ContestsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Contests.AsNoTracking()
            .Where(c => c.PublishedAt != null)
            .Select(c => new { c.Id, c.Name, c.EntryCount, Drawn = c.DrawnAt != null, c.Messages.Reminder, c.Messages.NonWinner })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(c => c.EntryCount > 0).ThenByDescending(c => c.Id)
            .Select(c => new MessageContest(c.Id, c.Name, c.EntryCount, c.Drawn, c.Reminder, c.NonWinner)).ToList();
    }

    private static async Task<(Contest? Contest, List<string> Recipients, int OptedOut, string? Problem)> AudienceAsync(
        ContestletDbContext db, MessageRequest request, CancellationToken cancellationToken)
    {
        var contest = await db.Contests.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == request.ContestId && c.PublishedAt != null, cancellationToken);
        if (contest is null)
        {
            return (null, [], 0, "Choose a contest.");
        }

        var entries = db.Entries.AsNoTracking().Where(e => e.ContestId == contest.Id);
        if (request.Audience == MessageAudience.NonWinners)
        {
            var draw = await db.Draws.AsNoTracking().SingleOrDefaultAsync(d => d.ContestId == contest.Id, cancellationToken);
            if (draw is null)
            {
                return (contest, [], 0, "Non-winners are known only after the draw.");
            }

            var drawn = draw.Winners.Concat(draw.Alternates).ToList();
            entries = entries.Where(e => !drawn.Contains(e.Id));
        }

        var phones = entries.Select(e => e.PhoneE164).Distinct();
        var recipients = await phones.Where(p => !db.SmsOptOuts.Any(o => o.PhoneE164 == p)).ToListAsync(cancellationToken);
        var optedOut = await phones.CountAsync(p => db.SmsOptOuts.Any(o => o.PhoneE164 == p), cancellationToken);
        var nobody = recipients.Count > 0 ? null
            : optedOut > 0 ? "Everyone in this audience has opted out of texts."
            : request.Audience == MessageAudience.NonWinners ? "Everyone who entered was drawn as a winner or an alternate."
            : "Nobody has entered this contest yet.";
        var textProblem = string.IsNullOrWhiteSpace(request.Template) ? "Write the message."
            : request.Template.Length > MessageTemplates.MaxLength ? $"A message can be at most {MessageTemplates.MaxLength} characters."
            : MessagePlaceholders.Problem(request.Template, request.Type);

        // The audience is counted even before the text is written, so the admin sees who a message would reach.
        return (contest, recipients, optedOut, nobody ?? textProblem);
    }
}
