using Contestlet.Domain.Admins;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Profile;

/// <summary>Each admin's preferred time zone and display name, one row per admin phone.</summary>
public sealed class AdminProfiles(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IAdminAccessCheck access)
{
    /// <summary>The saved profile, or the defaults for an admin who never saved one.</summary>
    public async Task<AdminProfile> GetAsync(AdminActor admin, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AdminProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.PhoneE164 == admin.PhoneE164, cancellationToken)
               ?? AdminProfile.DefaultFor(PhoneNumber.FromE164(admin.PhoneE164));
    }

    public async Task<IReadOnlyDictionary<string, string>> SaveAsync(AdminActor admin, string? displayName, string? timeZoneId,
        CancellationToken cancellationToken)
    {
        if (await access.RefusalAsync(admin, cancellationToken) is { } refused)
        {
            return new Dictionary<string, string> { [nameof(AdminProfile.DisplayName)] = refused };
        }

        if (AdminProfile.Validate(displayName, timeZoneId) is { Count: > 0 } errors)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.AdminProfiles.SingleOrDefaultAsync(p => p.PhoneE164 == admin.PhoneE164, cancellationToken);
        if (profile is null)
        {
            profile = AdminProfile.DefaultFor(PhoneNumber.FromE164(admin.PhoneE164));
            db.AdminProfiles.Add(profile);
        }

        profile.Update(displayName, timeZoneId!, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new Dictionary<string, string>();
    }
}
