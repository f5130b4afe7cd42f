using Contestlet.Domain.Phones;
using Contestlet.Web.Features.SignIn;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>
/// An open admin console (a circuit) re-checks its admin on a timer, not only when it makes an HTTP request (issue 13
/// item 1). The circuit's provider is the app's own, resolved from its container as a circuit would be; the interval is
/// shortened to a second.
/// </summary>
public sealed class CircuitRevalidationTests
{
    private const string Admin = "+15551234567";
    private const string OtherAdmin = "+18187958204";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static Task WithCircuitAsync(Func<ContestletAppFactory, AuthenticationStateProvider, IServiceProvider, Task> test) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            await using var circuit = app.Services.CreateAsyncScope();
            var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(
                Task.FromResult(new AuthenticationState(Sessions.Principal(PhoneNumber.FromE164(Admin), isAdmin: true))));
            await test(app, provider, circuit.ServiceProvider);
        }, settings: new Dictionary<string, string?>
        {
            ["Auth:AdminPhones:0"] = Admin,
            ["Auth:AdminPhones:1"] = OtherAdmin,
            ["Auth:CircuitRevalidationSeconds"] = "1",
        });

    /// <summary>Starts listening for the provider's next announced state (before the change that should cause it).</summary>
    private static Task<AuthenticationState> NextState(AuthenticationStateProvider provider)
    {
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);
        return changed.Task;
    }

    /// <summary>The announced state, or null when none came within <paramref name="within"/>.</summary>
    private static async Task<AuthenticationState?> WithinAsync(Task<AuthenticationState> next, TimeSpan within) =>
        await Task.WhenAny(next, Task.Delay(within)) == next ? await next : null;

    [Fact]
    public Task EndsTheConsoleOfANumberRemovedFromTheAdminListWithinTheInterval() =>
        WithCircuitAsync(async (app, provider, _) =>
        {
            // Several intervals pass with the admin still listed: the console stays open.
            var next = NextState(provider);
            Assert.Null(await WithinAsync(next, TimeSpan.FromSeconds(3)));
            Assert.True((await provider.GetAuthenticationStateAsync()).User.IsInRole("Admin"));

            var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();
            configuration["Auth:AdminPhones:0"] = OtherAdmin;
            configuration.Reload();

            var after = await WithinAsync(next, Patience);
            Assert.NotNull(after);
            Assert.False(after.User.Identity?.IsAuthenticated ?? false);
            Assert.False((await provider.GetAuthenticationStateAsync()).User.IsInRole("Admin"));
        });

    [Fact]
    public Task EndsTheConsoleAfterTwelveHoursWithoutActivityButNotWhileItIsUsed() =>
        WithCircuitAsync(async (app, provider, circuit) =>
        {
            // The admin clicks after 11 h, then leaves the tab: 22 h after the start it is 11 h idle, still open.
            var next = NextState(provider);
            app.Time.Advance(TimeSpan.FromHours(11));
            circuit.GetRequiredService<CircuitActivity>().Touch();
            app.Time.Advance(TimeSpan.FromHours(11));
            Assert.Null(await WithinAsync(next, TimeSpan.FromSeconds(3)));
            Assert.True((await provider.GetAuthenticationStateAsync()).User.IsInRole("Admin"));

            app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
            var after = await WithinAsync(next, Patience);
            Assert.NotNull(after);
            Assert.False(after.User.Identity?.IsAuthenticated ?? false);
        });
}
