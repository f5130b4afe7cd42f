using Contestlet.Web.Infrastructure;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.SignIn;

/// <summary>
/// Runs on every authenticated request. The Admin role follows the admin list as it is now, not as it was at sign-in,
/// so removing a number revokes admin access on the next request; an admin idle for longer than Auth:AdminIdleHours
/// is signed out.
/// </summary>
public sealed class SessionCookieEvents(AdminDirectory admins, IOptionsMonitor<AuthOptions> auth, TimeProvider time,
    ILogger<SessionCookieEvents> logger) : CookieAuthenticationEvents
{
    /// <summary>Re-issuing the cookie on every click would be wasteful; activity is recorded at this granularity.</summary>
    private static readonly TimeSpan ActivityResolution = TimeSpan.FromMinutes(1);

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var phone = Sessions.PhoneOf(context.Principal);
        if (phone is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Sessions.Scheme);
            return;
        }

        var now = time.GetUtcNow();
        var wasAdmin = context.Principal!.IsInRole(WebSetup.AdminRole);
        var isAdmin = admins.IsAdmin(phone);
        if (isAdmin)
        {
            var lastActive = Sessions.LastActive(context.Properties);
            if (wasAdmin && lastActive is { } last && now - last > TimeSpan.FromHours(auth.CurrentValue.AdminIdleHours))
            {
                logger.LogInformation("Admin session of {Phone} ended after {IdleHours} h idle", phone.Masked, auth.CurrentValue.AdminIdleHours);
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Sessions.Scheme);
                return;
            }

            if (lastActive is null || now - lastActive > ActivityResolution)
            {
                Sessions.MarkActive(context.Properties, now);
                context.ShouldRenew = true;
            }
        }

        if (isAdmin != wasAdmin)
        {
            logger.LogWarning("Admin role {Change} for {Phone}: the admin list changed", isAdmin ? "granted" : "revoked", phone.Masked);
            Sessions.MarkActive(context.Properties, now);
            context.ReplacePrincipal(Sessions.Principal(phone, isAdmin));
            context.ShouldRenew = true;
        }
    }
}
