using Contestlet.Web.Features.Admin.Profile;
using Microsoft.AspNetCore.Components.Authorization;

namespace Contestlet.Web.Features.Admin;

/// <summary>Who is signed in to this circuit and their preferences; pages ask it once when they load.</summary>
public sealed class AdminSession(AuthenticationStateProvider authentication, AdminProfiles profiles)
{
    public async Task<AdminContext> CurrentAsync(CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var actor = AdminActor.FromPrincipal(state.User);
        var profile = await profiles.GetAsync(actor, cancellationToken);
        return new AdminContext(actor with { DisplayName = profile.DisplayName ?? actor.DisplayName }, profile.TimeZoneId);
    }
}

public sealed record AdminContext(AdminActor Actor, string TimeZoneId);
