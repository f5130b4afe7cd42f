using System.Net;
using Contestlet.Web.Features.Dev;
using Contestlet.Web.Tests.Integration.SignIn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Dev;

/// <summary>
/// /dev/clock: Development's way to watch a contest end or a claim deadline pass (the browser journeys use it), and
/// nowhere else.
/// </summary>
public sealed class DevClockTests
{
    private static readonly DateTimeOffset RealNow = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MovesNowForwardButLeavesTimersAndTimestampsOnRealTime()
    {
        var real = new FakeTimeProvider(RealNow);
        var clock = new DevClock(real);

        clock.Advance(TimeSpan.FromMinutes(90));
        real.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(RealNow.AddMinutes(90).AddSeconds(5), clock.GetUtcNow());
        Assert.Equal(real.GetTimestamp(), clock.GetTimestamp());
        var fired = false;
        using var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.True(fired, "Timers run on the real clock they were created on.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(60 * 24 * 61)]
    public void RefusesStepsThatAreNotForwardOrTooLarge(int minutes)
    {
        var clock = new DevClock(new FakeTimeProvider(RealNow));

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromMinutes(minutes)));
        Assert.Equal(TimeSpan.Zero, clock.Offset);
    }

    [Theory]
    [InlineData("Development", "true", true)]
    [InlineData("Development", "false", false)]
    [InlineData("Development", null, false)]
    [InlineData("Staging", "true", false)]
    [InlineData("Production", "true", false)]
    public void IsTheAppsClockOnlyInDevelopmentWithClockControlOn(string environment, string? setting, bool expectDevClock)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [DevClockRegistration.Setting] = setting })
            .Build();
        var services = new ServiceCollection().AddContestletClock(new Environment(environment), configuration).BuildServiceProvider();

        var time = services.GetRequiredService<TimeProvider>();

        Assert.Equal(expectDevClock, time is DevClock);
        Assert.Equal(expectDevClock, services.GetService<DevClock>() is not null);
    }

    [Fact]
    public Task PageMovesTheClockForwardWithAnAntiforgeryProtectedForm() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            await using var app = new ContestletAppFactory(database, settings: new Dictionary<string, string?> { [DevClockRegistration.Setting] = "true" });
            var client = app.CreateBrowserlessClient();
            var page = await client.GetStringAsync("/dev/clock");
            Assert.Contains("Ahead of real time by", page);

            using var forged = await client.PostAsync("/dev/clock", Form("dev-clock", null, "90"));
            var clock = app.Services.GetRequiredService<DevClock>();
            Assert.NotEqual(HttpStatusCode.Redirect, forged.StatusCode);
            Assert.Equal(TimeSpan.Zero, clock.Offset);

            using var moved = await client.PostAsync("/dev/clock", Form("dev-clock", SignInBrowser.Token(page), "90"));

            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
            Assert.Equal(TimeSpan.FromMinutes(90), clock.Offset);
        });

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("100000")]
    public Task RefusesBadStepsWithAMessageAndLeavesTheClock(string minutes) =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            await using var app = new ContestletAppFactory(database, settings: new Dictionary<string, string?> { [DevClockRegistration.Setting] = "true" });
            var client = app.CreateBrowserlessClient();
            var token = SignInBrowser.Token(await client.GetStringAsync("/dev/clock"));

            using var response = await client.PostAsync("/dev/clock", Form("dev-clock", token, minutes));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Matches("Enter (a number of minutes|between 1 and 86,400 minutes)", await SignInBrowser.ReadAsync(response));
            Assert.Equal(TimeSpan.Zero, app.Services.GetRequiredService<DevClock>().Offset);
        });

    [Fact]
    public Task DoesNotExistWhenClockControlIsOff() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            using var response = await app.CreateBrowserlessClient().GetAsync("/dev/clock");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Dev clock", await response.Content.ReadAsStringAsync());
        });

    private static FormUrlEncodedContent Form(string handler, string? token, string minutes)
    {
        var fields = new Dictionary<string, string> { ["_handler"] = handler, ["Input.Minutes"] = minutes };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        return new FormUrlEncodedContent(fields);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Contestlet.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
