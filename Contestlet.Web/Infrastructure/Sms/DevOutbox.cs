using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Infrastructure.Sms;

/// <summary>Reads what the mock transport stored, newest first, for /dev/sms.</summary>
public sealed class DevOutbox(IDbContextFactory<ContestletDbContext> dbFactory)
{
    public const int PageSize = 100;

    public async Task<IReadOnlyList<SmsRecord>> LatestAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SmsRecords.AsNoTracking()
            .Where(r => r.Transport == SmsRecord.MockTransport)
            .OrderByDescending(r => r.Id)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
    }
}
