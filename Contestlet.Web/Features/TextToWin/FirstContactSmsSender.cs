using Contestlet.Domain.Messaging;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.TextToWin;

/// <summary>
/// Wraps whichever transport is configured, so every text (sign-in codes, replies, winners, announcements) passes here:
/// the first text a number ever receives from Contestlet carries <see cref="SmsContact.FirstContactNotice"/> (CTIA).
/// The number is recorded once a send succeeded, so a failed first text does not use up the notice; two simultaneous
/// first texts may both carry it, which is harmless, and none goes without.
/// </summary>
public sealed class FirstContactSmsSender(ISmsSender inner, IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time,
    ILogger<FirstContactSmsSender> logger) : ISmsSender
{
    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        bool known;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            known = await db.SmsContacts.AnyAsync(c => c.PhoneE164 == message.To.E164, cancellationToken);
        }

        if (known)
        {
            return await inner.SendAsync(message, cancellationToken);
        }

        var result = await inner.SendAsync(message with { Body = SmsContact.WithNotice(message.Body) }, cancellationToken);
        if (result.IsSent)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            db.SmsContacts.Add(SmsContact.For(message.To.E164, time.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                logger.LogDebug("{Recipient} was recorded as contacted by a simultaneous first text", message.To.Masked);
            }
        }

        return result;
    }
}
