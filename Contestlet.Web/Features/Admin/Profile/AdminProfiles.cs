using Contestlet.Domain.Admins;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Profile;

/// <summary>Each admin's preferred time zone and display name, one row per admin phone.</summary>
public sealed class AdminProfiles(IDbContextFactory<ContestletDbContext> dbFactory, AdminChanges changes)
{
    /// <summary>The saved profile, or the defaults for an admin who never saved one.</summary>
    public async Task<AdminProfile> GetAsync(AdminActor admin, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AdminProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.PhoneE164 == admin.PhoneE164, cancellationToken)
               ?? AdminProfile.DefaultFor(PhoneNumber.FromE164(admin.PhoneE164));
    }

    /// <summary>Saves the admin's own profile; a bad name or zone comes back keyed by field.</summary>
    public Task<AdminResult<AdminProfile>> SaveAsync(AdminActor admin, string? displayName, string? timeZoneId, CancellationToken cancellationToken) =>
        changes.RunAsync(admin, async change =>
        {
            if (AdminProfile.Validate(displayName, timeZoneId) is { Count: > 0 } errors)
            {
                throw new AdminFieldErrorsException(errors);
            }

            var profile = await change.Db.AdminProfiles.SingleOrDefaultAsync(p => p.PhoneE164 == admin.PhoneE164, cancellationToken);
            if (profile is null)
            {
                profile = AdminProfile.DefaultFor(PhoneNumber.FromE164(admin.PhoneE164));
                change.Db.AdminProfiles.Add(profile);
            }

            profile.Update(displayName, timeZoneId!, change.Now);
            return profile;
        }, cancellationToken);
}
