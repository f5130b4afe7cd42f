using System.Net;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Tests.Integration.SignIn;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.Entries;

/// <summary>
/// The web entry flow is post/redirect/get: only the entry form's post (signed in) or the code form's post (after the
/// contest page asked for a code) creates an entry; the entered page they redirect to only reads.
/// </summary>
public sealed class EntryFlowTests
{
    private const string Phone = "+15550142001";

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CodePostEntersAndRedirectsToTheEnteredPageThatOnlyReads(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveActiveContestAsync(app);
            var browser = new SignInBrowser(app);

            var asked = await StartEntryAsync(browser, contest.Code);
            var proved = await browser.SubmitCodeAsync(await SignInBrowser.LatestCodeAsync(app, Phone));
            var entriesAfterPost = await CountEntriesAsync(app);
            var page = await browser.GetStringAsync($"/c/{contest.Code}/entered");
            var again = await browser.GetStringAsync($"/c/{contest.Code}/entered");

            Assert.StartsWith("/signin/code", SignInBrowser.Target(asked), StringComparison.Ordinal);
            Assert.Equal($"/c/{contest.Code}/entered", SignInBrowser.Target(proved));
            Assert.Equal(1, entriesAfterPost);
            Assert.Equal(1, await CountEntriesAsync(app));
            Assert.Contains("You're in!", page, StringComparison.Ordinal);
            Assert.Contains("You're in!", again, StringComparison.Ordinal);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task GetOfTheEnteredPageNeverCreatesAnEntryGivenAWaitingEntryCookie(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveActiveContestAsync(app);
            var asking = new SignInBrowser(app);
            await StartEntryAsync(asking, contest.Code);

            // The same person, signed in without the code form completing the entry, still holding the waiting request.
            app.Time.Advance(TimeSpan.FromMinutes(2));
            var signedIn = new SignInBrowser(app, clientAddress: "203.0.113.11");
            await signedIn.SignInAsync(Phone);
            signedIn.SetCookie(PendingEntryCookie.Name, asking.Cookies[PendingEntryCookie.Name]);
            var response = await signedIn.GetAsync($"/c/{contest.Code}/entered");

            Assert.Equal($"/c/{contest.Code}", SignInBrowser.Target(response));
            Assert.Equal(0, await CountEntriesAsync(app));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CodePostNamesTheDomainsRefusalGivenTheContestEndedWhileTheCodeWasTyped(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveActiveContestAsync(app, minutesLeft: 5);
            var browser = new SignInBrowser(app);
            await StartEntryAsync(browser, contest.Code);
            var code = await SignInBrowser.LatestCodeAsync(app, Phone);
            app.Time.Advance(contest.Schedule.EndsAt - app.Time.GetUtcNow());

            var proved = await browser.SubmitCodeAsync(code);
            var page = await browser.GetStringAsync(SignInBrowser.Target(proved));

            Assert.Equal($"/c/{contest.Code}/entered?{EntryFlow.RefusedParameter}=Ended", SignInBrowser.Target(proved));
            Assert.Contains("We couldn't enter you", page, StringComparison.Ordinal);
            Assert.Contains($"Entries closed {contest.Schedule.FormatEnd()}.", page, StringComparison.Ordinal);
            Assert.Equal(0, await CountEntriesAsync(app));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task SignedInOneClickEntersInItsPostAndTheEnteredPageShowsThatEntry(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveActiveContestAsync(app);
            var browser = new SignInBrowser(app);
            await browser.SignInAsync(Phone);

            var posted = await PostEntryFormAsync(browser, contest.Code, phone: null);
            var entriesAfterPost = await CountEntriesAsync(app);
            var page = await browser.GetStringAsync($"/c/{contest.Code}/entered");

            await using var db = app.CreateDbContext();
            var entry = await db.Entries.SingleAsync();
            Assert.Equal($"/c/{contest.Code}/entered", SignInBrowser.Target(posted));
            Assert.Equal(1, entriesAfterPost);
            Assert.Contains(entry.Reference, page, StringComparison.Ordinal);
        });

    /// <summary>Open now and for <paramref name="minutesLeft"/> more minutes.</summary>
    private static async Task<Contest> SaveActiveContestAsync(ContestletAppFactory app, int minutesLeft = 300)
    {
        var now = app.Time.GetUtcNow();
        var contest = TestContests.PublishedAt(new ContestSchedule(now.AddHours(-1), now.AddMinutes(minutesLeft), "America/New_York"), now);
        await using var db = app.CreateDbContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }

    private static async Task<HttpResponseMessage> StartEntryAsync(SignInBrowser browser, string code)
    {
        var response = await PostEntryFormAsync(browser, code, Phone);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static Task<HttpResponseMessage> PostEntryFormAsync(SignInBrowser browser, string code, string? phone)
    {
        var fields = new Dictionary<string, string> { ["Input.Confirmed"] = "true" };
        if (phone is not null)
        {
            fields["Input.Phone"] = PhoneNumber.ParseConfigured(phone).E164;
        }

        return browser.PostFormAsync($"/c/{code}", "enter-contest", fields);
    }

    private static async Task<int> CountEntriesAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.Entries.CountAsync();
    }
}
