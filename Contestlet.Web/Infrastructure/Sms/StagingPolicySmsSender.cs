using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Infrastructure.Sms;

/// <summary>
/// Staging's limited sending (docs/product.md §7): only allow-listed numbers receive real SMS, at most DailyCap a UTC day
/// across all instances. Everything else is not sent and is recorded as "blocked by staging policy".
/// </summary>
public sealed class StagingPolicySmsSender(
    ISmsSender inner,
    SendLedger ledger,
    IDbContextFactory<ContestletDbContext> dbFactory,
    IOptions<SmsOptions> options,
    TimeProvider time,
    ILogger<StagingPolicySmsSender> logger) : ISmsSender
{
    public const string DailyScope = "staging-day";

    private readonly HashSet<string> _allowList = options.Value.LimitedSending.AllowList
        .Select(n => PhoneNumber.ParseConfigured(n).E164).ToHashSet(StringComparer.Ordinal);

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_allowList.Contains(message.To.E164))
        {
            return await BlockAsync(message, "not on the allow-list", now, cancellationToken);
        }

        var cap = options.Value.LimitedSending.DailyCap;
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var counted = await ledger.RecordIfAllowedAsync([], [new LedgerCounter(DailyScope, day, cap)], now,
            _ => true, allowed => allowed, _ => false, cancellationToken);
        if (!counted)
        {
            return await BlockAsync(message, $"daily cap of {cap} reached", now, cancellationToken);
        }

        return await inner.SendAsync(message, cancellationToken);
    }

    private async Task<SmsSendResult> BlockAsync(SmsMessage message, string why, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reason = $"{SmsRecord.BlockedByStagingPolicy}: {why}";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.SmsRecords.Add(SmsRecord.Blocked(message, reason, now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("SMS to {Recipient} {Reason}", message.To.Masked, reason);
        return new SmsSendResult(SmsSendStatus.Blocked, Error: reason);
    }
}
