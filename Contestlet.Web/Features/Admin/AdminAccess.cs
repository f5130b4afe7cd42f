using Contestlet.Domain.Phones;
using Contestlet.Web.Features.SignIn;

namespace Contestlet.Web.Features.Admin;

/// <summary>
/// Asked at the start of every mutating admin service call, by <see cref="AdminChanges"/> (issue 13 item 1, docs/decisions/017-secrets-at-rest.md
/// §"Admin access"): may this admin still act? The console's circuit keeps the principal it started with and is only
/// re-validated every minute; this check reads the admin list as it is now, so a number removed from ADMIN_PHONES cannot
/// draw, text, disqualify or delete even in that minute.
/// </summary>
public interface IAdminAccessCheck
{
    /// <summary>Null when <paramref name="admin"/> may act; otherwise the sentence to show, and nothing may change.</summary>
    ValueTask<string?> RefusalAsync(AdminActor admin, CancellationToken cancellationToken);
}

/// <summary>The admin list as it is now (<see cref="AdminDirectory"/>, the same one the cookie and circuit checks read).</summary>
public sealed class CurrentAdminList(AdminDirectory admins, ILogger<CurrentAdminList> logger) : IAdminAccessCheck
{
    public const string Refused = "Your admin access has been removed, so nothing was changed. Ask an admin to add your number again.";

    public ValueTask<string?> RefusalAsync(AdminActor admin, CancellationToken cancellationToken)
    {
        if (IsE164(admin.PhoneE164) && admins.IsAdmin(PhoneNumber.FromE164(admin.PhoneE164)))
        {
            return ValueTask.FromResult<string?>(null);
        }

        logger.LogWarning("Admin action refused: {Phone} is no longer in the admin list", PhoneNumber.Mask(admin.PhoneE164));
        return ValueTask.FromResult<string?>(Refused);
    }

    private static bool IsE164(string value)
    {
        try
        {
            PhoneNumber.FromE164(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
