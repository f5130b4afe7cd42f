using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;
using Contestlet.Web.Infrastructure.Observability;

namespace Contestlet.Web.Features.Notifications;

/// <summary>What Twilio's status callbacks and inbound messages change: a notification's status, the opt-out list.</summary>
public sealed class TwilioWebhooks(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, ILogger<TwilioWebhooks> logger)
{
    public async Task<bool> ApplyStatusAsync(string messageSid, string? messageStatus, string? errorCode, CancellationToken cancellationToken)
    {
        var report = messageStatus?.Trim().ToLowerInvariant() switch
        {
            "delivered" => DeliveryReport.Delivered,
            "failed" => DeliveryReport.Failed,
            "undelivered" => DeliveryReport.Undelivered,
            _ => DeliveryReport.Other,
        };
        if (report == DeliveryReport.Other || messageSid.Length is 0 or > Notification.ProviderIdMaxLength)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.ProviderMessageId == messageSid, cancellationToken);
        if (notification is null || !notification.ApplyDeliveryReport(report, string.IsNullOrWhiteSpace(errorCode) ? null : errorCode, time.GetUtcNow()))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        ContestletMetrics.SmsReport(notification.Type, notification.Status);
        logger.LogInformation("Notification {NotificationId} is {Status} per Twilio ({ErrorCode})", notification.Id, notification.Status, notification.ErrorCode);
        return true;
    }

    public async Task<InboundKeyword> ApplyInboundAsync(string? from, string? body, CancellationToken cancellationToken)
    {
        var keyword = SmsOptOut.Classify(body);
        if (keyword == InboundKeyword.None || string.IsNullOrWhiteSpace(from))
        {
            return InboundKeyword.None;
        }

        PhoneNumber phone;
        try
        {
            phone = PhoneNumber.ParseConfigured(from);
        }
        catch (FormatException)
        {
            return InboundKeyword.None;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (keyword == InboundKeyword.OptIn)
        {
            await db.SmsOptOuts.Where(o => o.PhoneE164 == phone.E164).ExecuteDeleteAsync(cancellationToken);
            logger.LogInformation("{Recipient} opted back in to text messages", phone.Masked);
            return keyword;
        }

        if (!await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == phone.E164, cancellationToken))
        {
            db.SmsOptOuts.Add(SmsOptOut.For(phone, time.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Twilio retried the same STOP concurrently: the number is opted out either way.
            }
        }

        logger.LogInformation("{Recipient} opted out of text messages", phone.Masked);
        return keyword;
    }
}
