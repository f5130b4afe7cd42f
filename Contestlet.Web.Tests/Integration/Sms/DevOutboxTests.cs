using System.Net;
using Contestlet.Web.Tests.Integration.SignIn;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Contestlet.Web.Tests.Integration.Sms;

/// <summary>The mock transport's outbox at /dev/sms: the way a developer reads codes locally, and nowhere else.</summary>
public sealed class DevOutboxTests
{
    [Fact]
    public Task ListsMockMessagesNewestFirstWithTheFullText() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var host = app.WithClientAddresses();
            var browser = new SignInBrowser(host);
            await browser.SubmitPhoneAsync("(818) 555-0101");
            var first = await SignInBrowser.LatestCodeAsync(host, "(818) 555-0101");
            await browser.SubmitPhoneAsync("(818) 555-0102");
            var second = await SignInBrowser.LatestCodeAsync(host, "(818) 555-0102");

            var html = await browser.GetStringAsync("/dev/sms");

            var newest = html.IndexOf($"{second} is your Contestlet code", StringComparison.Ordinal);
            var oldest = html.IndexOf($"{first} is your Contestlet code", StringComparison.Ordinal);
            Assert.True(newest >= 0 && oldest > newest, "Both codes are shown, the newest first.");
            Assert.Contains("+18185550102", html);
        });

    [Theory]
    [InlineData("Staging")]
    [InlineData("Production")]
    public Task DoesNotExistOutsideDevelopment(string environment) =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            await using var app = new ContestletAppFactory(database, environment, new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=unused;Username=x;Password=y",
                ["Sms:UseMock"] = "false",
                ["Sms:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
                ["Sms:Twilio:AuthToken"] = "0123456789abcdef0123456789abcdef",
                ["Sms:Twilio:FromNumber"] = "+18187950000",
                ["Auth:AdminPhones:0"] = "(818) 795-8204",
                ["Security:SecretKey"] = "a-production-grade-secret-key-0123456789",
                ["Winners:PublicBaseUrl"] = "https://contests.example.com",
            });

            var response = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/dev/sms");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Dev SMS outbox", await response.Content.ReadAsStringAsync());
        });
}
