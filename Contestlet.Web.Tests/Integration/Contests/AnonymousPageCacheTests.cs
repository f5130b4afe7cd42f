using System.Net;
using System.Text.RegularExpressions;
using Contestlet.Domain.Contests;
using Contestlet.Web.Tests.Integration.SignIn;

namespace Contestlet.Web.Tests.Integration.Contests;

/// <summary>
/// Issue 15: public pages are rendered once per second of the app's clock and served to every anonymous visitor, each
/// with an antiforgery token of their own (docs/decisions/021-anonymous-page-cache.md). The test clock stands still, so
/// every request below falls in the same second unless a test moves it.
/// </summary>
public sealed partial class AnonymousPageCacheTests
{
    private const string Admin = "+15551234567";

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ServesVisitorsTheSamePageEachWithATokenThatWorksOnlyWithTheirOwnCookie(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveActiveAsync(app);
            var web = app.WithClientAddresses();
            var first = new SignInBrowser(web, "203.0.113.21");
            var second = new SignInBrowser(web, "203.0.113.22");

            var firstPage = await first.GetStringAsync($"/c/{contest.Code}");
            var secondPage = await second.GetStringAsync($"/c/{contest.Code}");

            // One render: byte for byte the same page (a second render differs at least in Blazor's sealed state comment).
            Assert.Equal(WithoutToken(firstPage), WithoutToken(secondPage));
            var secondToken = SignInBrowser.Token(secondPage);
            Assert.NotEqual(SignInBrowser.Token(firstPage), secondToken);

            // The second visitor's token is bound to the second visitor's cookie: it enters with it, the first cannot.
            Assert.Equal(HttpStatusCode.BadRequest, (await PostEntryAsync(first, contest.Code, secondToken, "+15550000101")).StatusCode);
            var entered = await PostEntryAsync(second, contest.Code, secondToken, "+15550000102");
            Assert.StartsWith("/signin/code", SignInBrowser.Target(entered));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RendersAgainInTheNextSecond(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveActiveAsync(app);
            var client = app.CreateClient();
            var before = await client.GetStringAsync($"/c/{contest.Code}");
            Assert.Equal(WithoutToken(before), WithoutToken(await client.GetStringAsync($"/c/{contest.Code}")));

            app.Time.Advance(TimeSpan.FromSeconds(1));

            Assert.NotEqual(WithoutToken(before), WithoutToken(await client.GetStringAsync($"/c/{contest.Code}")));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RendersForASignedInVisitorAndForAQueryString(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveActiveAsync(app);
            var web = app.WithClientAddresses();
            var anonymous = await new SignInBrowser(web, "203.0.113.23").GetStringAsync($"/c/{contest.Code}");
            Assert.Contains("Send code", anonymous);

            var contestant = new SignInBrowser(web, "203.0.113.24");
            await contestant.SignInAsync("+15550000103");
            var signedIn = await contestant.GetStringAsync($"/c/{contest.Code}");
            Assert.Contains("Entering as", signedIn);
            Assert.Contains("Sign out", signedIn);

            var withQuery = await new SignInBrowser(web, "203.0.113.25").GetStringAsync($"/c/{contest.Code}?from=radio");
            Assert.NotEqual(WithoutToken(anonymous), WithoutToken(withQuery));
        },
        settings: new Dictionary<string, string?> { ["Auth:AdminPhones:0"] = Admin });

    private static async Task<Contest> SaveActiveAsync(ContestletAppFactory app)
    {
        var contest = TestContests.Active(app.Time.GetUtcNow(), name: "Surf Spike");
        await using var db = app.CreateDbContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }

    private static Task<HttpResponseMessage> PostEntryAsync(SignInBrowser browser, string code, string token, string phone) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/c/{code}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "enter-contest",
                ["__RequestVerificationToken"] = token,
                ["Input.Phone"] = phone,
                ["Input.Confirmed"] = "true",
            }),
        });

    private static string WithoutToken(string html) => TokenValue().Replace(html, "value=\"TOKEN\"");

    [GeneratedRegex("(?<=name=\"__RequestVerificationToken\" )value=\"[^\"]+\"")]
    private static partial Regex TokenValue();
}
