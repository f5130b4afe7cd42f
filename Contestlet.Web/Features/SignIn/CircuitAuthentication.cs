using Contestlet.Web.Infrastructure;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.SignIn;

/// <summary>
/// The admin console's circuit keeps the principal it started with; the cookie checks in <see cref="SessionCookieEvents"/>
/// run only on HTTP requests, which an open console no longer makes. This provider re-checks the circuit's admin every
/// <see cref="AuthOptions.CircuitRevalidationSeconds"/> (at most a minute) against the admin list as it is now and the idle
/// limit; a failed check turns the circuit anonymous, so its admin pages stop rendering and ask for a sign-in.
/// Every instance reads the same settings, so a number removed from ADMIN_PHONES loses every open console within the interval.
/// </summary>
public sealed class CircuitAuthenticationStateProvider(
    ILoggerFactory loggers,
    AdminDirectory admins,
    CircuitActivity activity,
    IOptionsMonitor<AuthOptions> auth,
    TimeProvider time) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<CircuitAuthenticationStateProvider>();

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(auth.CurrentValue.CircuitRevalidationSeconds);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (!user.IsInRole(WebSetup.AdminRole))
        {
            // Contestants' pages are static: each request re-reads the cookie. Nothing to revoke in a circuit.
            return Task.FromResult(true);
        }

        if (Sessions.PhoneOf(user) is not { } phone)
        {
            return Task.FromResult(false);
        }

        if (!admins.IsAdmin(phone))
        {
            _logger.LogWarning("Admin console of {Phone} closed: the number is no longer in the admin list", phone.Masked);
            return Task.FromResult(false);
        }

        var idle = time.GetUtcNow() - activity.LastActiveAt;
        if (idle > TimeSpan.FromHours(auth.CurrentValue.AdminIdleHours))
        {
            _logger.LogInformation("Admin console of {Phone} closed after {IdleHours} h idle", phone.Masked, auth.CurrentValue.AdminIdleHours);
            return Task.FromResult(false);
        }

        return Task.FromResult(true);
    }
}

/// <summary>When the person behind this circuit last did something (a click, a keystroke): the console's idle clock.</summary>
public sealed class CircuitActivity(TimeProvider time)
{
    /// <summary>A circuit starts from an HTTP request the cookie checks have just passed (and marked active).</summary>
    public DateTimeOffset LastActiveAt { get; private set; } = time.GetUtcNow();

    public void Touch() => LastActiveAt = time.GetUtcNow();
}

/// <summary>Records every inbound circuit event (UI events, JS calls, navigation) as activity.</summary>
public sealed class CircuitActivityHandler(CircuitActivity activity) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            activity.Touch();
            return next(context);
        };
}
