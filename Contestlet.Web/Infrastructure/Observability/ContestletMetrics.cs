using System.Diagnostics.Metrics;
using System.Text;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.SignIn;
using Contestlet.Web.Features.Entries;

namespace Contestlet.Web.Infrastructure.Observability;

/// <summary>
/// Contestlet's own meter ("Contestlet"): what the product does, counted where it happens with one call each. Labels are
/// small fixed vocabularies (a reason, a source, a message type): never a phone number, a code, a token or a contest
/// name, so a series can never identify a person and the number of series stays bounded.
/// Static, like the framework's own meters, so a service records with one line and nothing to inject (several
/// people edit those services). The outbox gauges need the database and live in <see cref="OutboxGauge"/>.
/// Prometheus names: dots become underscores, counters end in <c>_total</c> (docs/operations.md, "Reading the metrics").
/// </summary>
public static class ContestletMetrics
{
    public const string MeterName = "Contestlet";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> EntriesAccepted =
        Meter.CreateCounter<long>("contestlet.entries.accepted", "{entry}", "Entries recorded, by source (web, sms)");

    private static readonly Counter<long> EntriesRefused = Meter.CreateCounter<long>("contestlet.entries.refused", "{entry}",
        "Entries refused, by reason (already_entered, cap_reached, ended, ...) and source");

    private static readonly Counter<long> CodesSent = Meter.CreateCounter<long>("contestlet.signin.codes.sent", "{code}", "Sign-in codes texted");

    private static readonly Counter<long> CodesRefused = Meter.CreateCounter<long>("contestlet.signin.codes.refused", "{code}",
        "Sign-in code requests refused, by reason (cooldown, number_hourly_cap, ip_hourly_cap, send_failed, ...)");

    private static readonly Counter<long> SmsQueuedCounter =
        Meter.CreateCounter<long>("contestlet.sms.queued", "{message}", "Texts written to the outbox, by type");

    private static readonly Counter<long> SmsSent =
        Meter.CreateCounter<long>("contestlet.sms.sent", "{message}", "Outbox texts the provider accepted, by type");

    private static readonly Counter<long> SmsDelivered =
        Meter.CreateCounter<long>("contestlet.sms.delivered", "{message}", "Delivery reports: delivered, by type");

    private static readonly Counter<long> SmsFailed = Meter.CreateCounter<long>("contestlet.sms.failed", "{message}",
        "Outbox sends that failed, by type and kind (transient: retried later; permanent, blocked, opted_out, undelivered: final)");

    private static readonly Counter<long> Draws = Meter.CreateCounter<long>("contestlet.draws", "{draw}", "Contests drawn");
    private static readonly Counter<long> Claims = Meter.CreateCounter<long>("contestlet.claims", "{claim}", "Prizes claimed");

    private static readonly Counter<long> Forfeits =
        Meter.CreateCounter<long>("contestlet.forfeits", "{award}", "Unclaimed prizes forfeited at their deadline");

    /// <summary>Counts an entry attempt's outcome and hands it back, so a service can write <c>return ContestletMetrics.Entry(...)</c>.</summary>
    public static EntryOutcome Entry(EntryOutcome outcome, EntrySource channel)
    {
        var source = Label(channel.ToString());
        if (outcome.Result == EntryResult.Accepted)
        {
            EntriesAccepted.Add(1, new KeyValuePair<string, object?>("source", source));
            return outcome;
        }

        var reason = outcome.Result == EntryResult.AlreadyEntered ? EntryRefusalReason.AlreadyEntered : outcome.Refusal?.Reason;
        EntriesRefused.Add(1, new("reason", Label(reason?.ToString() ?? "unknown")), new("source", source));
        return outcome;
    }

    /// <summary>Sign-in codes not sent because the app's hourly or daily SMS budget was spent (issue 13 item 3).</summary>
    public const string SmsBudgetRefusalsName = "contestlet.signin.sms_budget.refused";

    private static readonly Counter<long> SmsBudgetRefusals = Meter.CreateCounter<long>(SmsBudgetRefusalsName, "{code}",
        "Sign-in codes not sent because the hourly or daily SMS budget was spent, by window (hour, day)");

    private static readonly Counter<long> SignInLockouts = Meter.CreateCounter<long>("contestlet.signin.lockouts", "{number}",
        "Numbers locked after repeated wrong codes, by role (admin, contestant)");

    public static void SmsBudgetRefused(SendRefusalReason reason) =>
        SmsBudgetRefusals.Add(1, new KeyValuePair<string, object?>("window", reason == SendRefusalReason.DailyBudget ? "day" : "hour"));

    public static void SignInLocked(bool admin) => SignInLockouts.Add(1, new KeyValuePair<string, object?>("role", admin ? "admin" : "contestant"));

    public static void CodeSent() => CodesSent.Add(1);

    /// <summary>A refused code request: a send limit's reason, or <c>send_failed</c> when the provider did not take it.</summary>
    public static void CodeRefused(SendRefusalReason? reason) => CodeRefused(reason?.ToString() ?? "send_failed");

    public static void CodeRefused(string reason) => CodesRefused.Add(1, new KeyValuePair<string, object?>("reason", Label(reason)));

    public static void SmsQueued(NotificationType type, int count = 1) =>
        SmsQueuedCounter.Add(count, new KeyValuePair<string, object?>("type", Label(type.ToString())));

    /// <summary>One outbox attempt's outcome, from the status the dispatcher recorded on the row.</summary>
    public static void SmsAttempt(NotificationType type, NotificationStatus recorded)
    {
        var typeTag = new KeyValuePair<string, object?>("type", Label(type.ToString()));
        var kind = recorded switch
        {
            NotificationStatus.Sent => null,
            NotificationStatus.Queued => "transient",
            NotificationStatus.Failed => "permanent",
            NotificationStatus.Blocked => "blocked",
            NotificationStatus.OptedOut => "opted_out",
            _ => "other",
        };
        if (kind is null)
        {
            SmsSent.Add(1, typeTag);
        }
        else
        {
            SmsFailed.Add(1, typeTag, new("kind", kind));
        }
    }

    /// <summary>A delivery report from the provider, once applied to its notification.</summary>
    public static void SmsReport(NotificationType type, NotificationStatus status)
    {
        var typeTag = new KeyValuePair<string, object?>("type", Label(type.ToString()));
        if (status == NotificationStatus.Delivered)
        {
            SmsDelivered.Add(1, typeTag);
        }
        else if (status == NotificationStatus.Failed)
        {
            SmsFailed.Add(1, typeTag, new("kind", "undelivered"));
        }
    }

    private static readonly Counter<long> PageCacheRequests = Meter.CreateCounter<long>("contestlet.page_cache.requests", "{request}",
        "Anonymous public page views, by result (hit: served from the page rendered this second; miss: rendered)");

    public static void PageCache(bool hit) => PageCacheRequests.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public static void Drawn() => Draws.Add(1);

    public static void Claimed() => Claims.Add(1);

    public static void Forfeited(int count)
    {
        if (count > 0)
        {
            Forfeits.Add(count);
        }
    }

    /// <summary>"NumberHourlyCap" → "number_hourly_cap": Prometheus' usual label style, from a fixed enum name.</summary>
    internal static string Label(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_')
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(char.IsLetterOrDigit(c) ? c : '_');
            }
        }

        return builder.ToString();
    }
}
