using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Infrastructure.Sms;

/// <summary>Development transport: nothing leaves the machine; the message lands in the outbox shown at /dev/sms.</summary>
public sealed class MockSmsSender(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, ILogger<MockSmsSender> logger) : ISmsSender
{
    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = SmsRecord.Mocked(message, time.GetUtcNow());
        db.SmsRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Mock SMS {SmsRecordId} to {Recipient} stored in the dev outbox", record.Id, message.To.Masked);
        return SmsSendResult.Sent($"mock-{record.Id}", "stored");
    }
}
