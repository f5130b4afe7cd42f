using System.Text.RegularExpressions;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Tests.Integration.Winners;

/// <summary>Seeding and session helpers shared by the winners tests.</summary>
internal static partial class WinnersFixture
{
    public const string AdminPhone = "+15551234567";

    /// <summary>The admin the tests act as: on the development admin list, which every admin service call checks.</summary>
    public static readonly AdminActor Dana = new(AdminPhone, "Dana");

    /// <summary>The development list's other admin ((818) 795-8204).</summary>
    public static readonly AdminActor OtherAdmin = new("+18187958204", null);

    /// <summary>The app with the forfeiture job off, so each test runs its passes itself.</summary>
    public static Task WithAppAsync(string provider, Func<ContestletAppFactory, Task> test) =>
        DatabaseProviders.WithAppAsync(provider, test, settings: new Dictionary<string, string?>
        {
            ["Winners:ForfeitureJobEnabled"] = "false",
            ["Winners:PublicBaseUrl"] = "https://contestlet.test",
        });

    /// <summary>An ended, published contest with entries from +1555010xxxx (entry i has number +1555010{i:0000}).</summary>
    public static async Task<(Contest Contest, List<Entry> Entries)> SeedEndedContestAsync(ContestletAppFactory app, int entryCount, int winners = 1,
        int alternates = 2, int claimWindowHours = 72)
    {
        var now = app.Time.GetUtcNow();
        var details = TestContests.Details(winners: winners) with
        {
            Prize = new Prize { Description = "A prize", ValueUsd = 50m, WinnerCount = winners, AlternateCount = alternates },
            ClaimWindowHours = claimWindowHours,
        };
        var contest = Contest.Create(details, new ContestSchedule(now.AddDays(-2), now.AddDays(-1), "America/New_York"), now.AddDays(-3));
        contest.Publish(now.AddDays(-3), TestSeeds.Vault);
        await using (var db = app.CreateDbContext())
        {
            db.Contests.Add(contest);
            await db.SaveChangesAsync();
        }

        await using var context = app.CreateDbContext();
        context.Attach(contest);
        var entries = Enumerable.Range(0, entryCount)
            .Select(i => contest.Admit(Phone(i), new EntryRequest(null, true), now.AddDays(-2).AddMinutes(i)))
            .ToList();
        context.Entries.AddRange(entries);
        await context.SaveChangesAsync();
        return (contest, entries);
    }

    public static PhoneNumber Phone(int i) => PhoneNumber.FromE164($"+1555010{i:0000}");

    public static T Service<T>(ContestletAppFactory app) where T : notnull =>
        app.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <summary>The claim token in a winner text's link.</summary>
    public static string TokenIn(string body) => ClaimLink().Match(body) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The text has no claim link.");

    /// <summary>A browserless client carrying a session cookie for <paramref name="phone"/>, minted with the app's own keys.</summary>
    public static HttpClient ClientSignedInAs(ContestletAppFactory app, PhoneNumber phone, bool isAdmin, bool followRedirects = false)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(Sessions.Scheme);
        var properties = new AuthenticationProperties { IsPersistent = true, IssuedUtc = app.Time.GetUtcNow(), ExpiresUtc = app.Time.GetUtcNow().AddDays(1) };
        Sessions.MarkActive(properties, app.Time.GetUtcNow());
        var ticket = new AuthenticationTicket(Sessions.Principal(phone, isAdmin), properties, Sessions.Scheme);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Add("Cookie", $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}");
        return client;
    }

    public static Task<int> CountAsync(ContestletDbContext db, int contestId) => db.PrizeAwards.CountAsync(a => a.ContestId == contestId);

    [GeneratedRegex("/claim/([A-Za-z0-9_-]{43})")]
    private static partial Regex ClaimLink();
}
