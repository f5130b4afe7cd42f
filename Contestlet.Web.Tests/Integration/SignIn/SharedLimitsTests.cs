using System.Net;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>Two app instances on one database share the sending limits and the pending sign-ins (docs/product.md §2, §8).</summary>
public sealed class SharedLimitsTests
{
    private const string Phone = "(818) 555-0142";

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task TwoInstancesShareTheCooldownTheHourlyCapAndPendingSignIns(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await using var first = new ContestletAppFactory(database);
            await using var second = new ContestletAppFactory(database);
            var onFirst = new SignInBrowser(first.WithClientAddresses(), "203.0.113.1");
            var onSecond = new SignInBrowser(second.WithClientAddresses(), "203.0.113.2");
            void Advance(TimeSpan by)
            {
                first.Time.Advance(by);
                second.Time.Advance(by);
            }

            Assert.Equal(HttpStatusCode.Redirect, (await onFirst.SubmitPhoneAsync(Phone)).StatusCode);
            Advance(TimeSpan.FromSeconds(30));
            // Within the cooldown the answer looks like any other (issue 13 item 7), and no second text goes out.
            Assert.Equal(HttpStatusCode.Redirect, (await onSecond.Clone().SubmitPhoneAsync(Phone)).StatusCode);
            Assert.Equal(1, await TextsToAsync(first));

            for (var i = 0; i < 4; i++)
            {
                Advance(TimeSpan.FromSeconds(61));
                var browser = i % 2 == 0 ? onSecond : onFirst;
                Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitPhoneAsync(Phone)).StatusCode);
            }

            Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(HttpStatusCode.Redirect, (await onSecond.Clone().SubmitPhoneAsync(Phone)).StatusCode);
            Assert.Equal(5, await TextsToAsync(second));

            // The last code was requested on the first instance; the same browser finishes on the second one.
            var code = await SignInBrowser.LatestCodeAsync(first, Phone);
            var signedIn = await onFirst.Clone(second).SubmitCodeAsync(code);
            Assert.Equal("/", SignInBrowser.Target(signedIn));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ConcurrentRequestsOnTwoInstancesNeverExceedThePerNumberCap(string provider) =>
        WithTwoInstancesAsync(provider, async (first, second) =>
        {
            var phone = PhoneNumber.ParseConfigured(Phone);

            var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
                RequestAsync(i % 2 == 0 ? first : second, phone, $"203.0.113.{i}")));

            // Every request gets the same answer (issue 13 item 7); only five texts go out.
            Assert.All(results, r => Assert.NotNull(r.ChallengeId));
            await using var db = first.CreateDbContext();
            Assert.Equal(5, await db.SendLedger.CountAsync(e => e.Scope == SignInService.NumberScope));
            Assert.Equal(5, await db.SmsRecords.CountAsync());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ConcurrentRequestsOnTwoInstancesNeverExceedThePerAddressCap(string provider) =>
        WithTwoInstancesAsync(provider, async (first, second) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
                RequestAsync(i % 2 == 0 ? first : second, PhoneNumber.ParseConfigured($"(818) 555-01{i:00}"), "198.51.100.9")));

            Assert.Equal(20, results.Count(r => r.ChallengeId is not null));
            Assert.All(results.Where(r => r.ChallengeId is null), r => Assert.Contains("from your network", r.Refusal));
            await using var db = first.CreateDbContext();
            Assert.Equal(20, await db.SendLedger.CountAsync(e => e.Scope == SignInService.AddressScope));
        });

    private static async Task<int> TextsToAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.SmsRecords.CountAsync(r => r.ToE164 == PhoneNumber.ParseConfigured(Phone).E164);
    }

    private static async Task<CodeRequest> RequestAsync(ContestletAppFactory app, PhoneNumber phone, string address)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>().RequestCodeAsync(phone, address, CancellationToken.None);
    }

    /// <summary>No cooldown, so only the hourly caps stand between concurrent requests and an unlimited number of texts.</summary>
    private static Task WithTwoInstancesAsync(string provider, Func<ContestletAppFactory, ContestletAppFactory, Task> test) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var settings = new Dictionary<string, string?> { ["Auth:Limits:CooldownSeconds"] = "0" };
            await using var first = new ContestletAppFactory(database, settings: settings);
            await using var second = new ContestletAppFactory(database, settings: settings);
            _ = first.Server;
            _ = second.Server;
            await test(first, second);
        });
}
