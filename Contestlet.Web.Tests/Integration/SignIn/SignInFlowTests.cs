using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Contestlet.Web.Tests.Integration.SignIn;

public sealed class SignInFlowTests
{
    private const string Contestant = "(818) 555-0142";
    private const string Admin = "+1 555 123 4567";

    private static Task WithAppAsync(Func<ContestletAppFactory, WebApplicationFactory<Program>, Task> test, string provider = "Sqlite") =>
        DatabaseProviders.WithAppAsync(provider, app => test(app, app.WithClientAddresses()));

    [Fact]
    public Task SignsInAContestantAndReturnsToTheLocalPage() =>
        WithAppAsync(async (_, host) =>
        {
            var browser = new SignInBrowser(host);

            var sent = await browser.SubmitPhoneAsync(Contestant, "/c/abcdefgh");
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.Equal("/signin/code?returnUrl=%2Fc%2Fabcdefgh", SignInBrowser.Target(sent));

            var codePage = await browser.GetStringAsync("/signin/code?returnUrl=%2Fc%2Fabcdefgh");
            Assert.Contains("+1•••••0142", codePage);
            Assert.Contains("You have 5 tries left.", codePage);
            Assert.Contains("data-cooldown-for=\"resend-button\"", codePage);

            var signedIn = await browser.SubmitCodeAsync(await SignInBrowser.LatestCodeAsync(host, Contestant), "/c/abcdefgh");
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/c/abcdefgh", SignInBrowser.Target(signedIn));

            var home = await browser.GetStringAsync("/");
            Assert.Contains("My entries", home);
            Assert.Contains("Sign out", home);
            Assert.DoesNotContain(">Admin<", home);
            Assert.DoesNotContain(">Sign in<", home);
        });

    [Fact]
    public Task SignsInAnAdminWhoThenReachesTheConsole() =>
        WithAppAsync(async (_, host) =>
        {
            var browser = new SignInBrowser(host);

            var signedIn = await browser.SignInAsync(Admin, "/admin");

            Assert.Equal("/admin", SignInBrowser.Target(signedIn));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
            Assert.Contains(">Admin<", await browser.GetStringAsync("/"));
        });

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("javascript:alert(1)")]
    public Task ReturnsHomeGivenANonLocalReturnUrl(string returnUrl) =>
        WithAppAsync(async (_, host) =>
        {
            var signedIn = await new SignInBrowser(host).SignInAsync(Contestant, returnUrl);

            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/", SignInBrowser.Target(signedIn));
        });

    [Fact]
    public Task RefusesAnInvalidNumberWithASpecificMessage() =>
        WithAppAsync(async (_, host) =>
        {
            var response = await new SignInBrowser(host).SubmitPhoneAsync("(800) 123");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("That doesn't look like a US mobile number", await SignInBrowser.ReadAsync(response));
        });

    [Fact]
    public Task AnswersAdminAndContestantNumbersIdentically() =>
        WithAppAsync(async (_, host) =>
        {
            var admin = new SignInBrowser(host, "203.0.113.1");
            var contestant = new SignInBrowser(host, "203.0.113.2");

            var adminSent = await admin.SubmitPhoneAsync("+1 555 123 4567");
            var contestantSent = await contestant.SubmitPhoneAsync("+1 555 123 4568");

            Assert.Equal(adminSent.StatusCode, contestantSent.StatusCode);
            Assert.Equal(adminSent.Headers.Location, contestantSent.Headers.Location);
            Assert.Equal(admin.Cookies.Keys.Order(), contestant.Cookies.Keys.Order());
            var adminPage = Normalise(await admin.GetStringAsync("/signin/code"), "4567");
            var contestantPage = Normalise(await contestant.GetStringAsync("/signin/code"), "4568");
            Assert.Equal(adminPage, contestantPage);
        });

    [Fact]
    public Task SignsOutWithAnAntiforgeryProtectedPost() =>
        WithAppAsync(async (_, host) =>
        {
            var browser = new SignInBrowser(host);
            await browser.SignInAsync(Contestant);

            var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/signout") { Content = new FormUrlEncodedContent([]) });
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains("Sign out", await browser.GetStringAsync("/"));

            var signedOut = await browser.SignOutAsync();
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            Assert.Contains(">Sign in<", await browser.GetStringAsync("/"));
        });

    [Fact]
    public Task SignsInAQaTestNumberWithTheFixedCodeAndSendsNoText() =>
        WithAppAsync(async (app, host) =>
        {
            var browser = new SignInBrowser(host);

            await browser.SubmitPhoneAsync("+1 555 555 0100");
            var signedIn = await browser.SubmitCodeAsync("424242");

            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Contains("Sign out", await browser.GetStringAsync("/"));
            await using var db = app.CreateDbContext();
            Assert.Empty(db.SmsRecords);
        });

    [Fact]
    public Task ShowsAForbiddenPageToContestantsWithStatus403() =>
        WithAppAsync(async (_, host) =>
        {
            var browser = new SignInBrowser(host);
            await browser.SignInAsync(Contestant);

            var admin = await browser.GetAsync("/admin");
            Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
            Assert.Equal("/forbidden", admin.Headers.Location!.AbsolutePath);

            var forbidden = await browser.GetAsync(admin.Headers.Location!.PathAndQuery);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Contains("This page is for Contestlet admins", await SignInBrowser.ReadAsync(forbidden));
        });

    [Fact]
    public Task SendsAnonymousVisitorsOfTheCodePageBackToTheNumberStep() =>
        WithAppAsync(async (_, host) =>
        {
            var response = await new SignInBrowser(host).GetAsync("/signin/code?returnUrl=%2Fadmin");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/signin?returnUrl=%2Fadmin", SignInBrowser.Target(response));
        });

    /// <summary>Takes out what legitimately differs: the last digits of the number and the per-request encrypted tokens.</summary>
    private static string Normalise(string html, string lastFour)
    {
        var withoutDigits = html.Replace(lastFour, "####", StringComparison.Ordinal);
        var withoutTokens = System.Text.RegularExpressions.Regex.Replace(withoutDigits, "value=\"[^\"]{40,}\"", "value=\"token\"");
        return System.Text.RegularExpressions.Regex.Replace(withoutTokens, "<!--Blazor-Server-Component-State:[^-]+-->", "");
    }
}
