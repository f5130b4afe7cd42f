using System.Net;
using System.Text.RegularExpressions;
using Contestlet.Web.Tests.Integration.SignIn;

namespace Contestlet.Web.Tests.Integration.Security;

/// <summary>Issue 13 item 5: the app itself sends the browser-side defences on every response, and no page needs inline script.</summary>
public sealed partial class SecurityHeadersTests
{
    private static readonly Dictionary<string, string?> SafeProductionSettings = new()
    {
        ["Sms:UseMock"] = "false",
        ["Sms:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["Sms:Twilio:AuthToken"] = "0123456789abcdef0123456789abcdef",
        ["Sms:Twilio:FromNumber"] = "+18187950000",
        ["Auth:AdminPhones:0"] = "(818) 795-8204",
        ["Security:SecretKey"] = "a-production-grade-secret-key-0123456789",
        ["Security:Debug"] = "false",
        ["Winners:PublicBaseUrl"] = "https://contests.example.com",
    };

    [Theory]
    [InlineData("/")]                     // a static SSR page
    [InlineData("/c/ZZZZZZ")]             // the real 404 page
    [InlineData("/signin")]
    [InlineData("/health")]               // JSON
    [InlineData("/app.css")]              // a static file
    [InlineData("/admin")]                // a redirect to sign in
    public Task EveryResponseCarriesTheSecurityHeaders(string path) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            using var response = await app.CreateBrowserlessClient().GetAsync(path);

            var csp = Header(response, "Content-Security-Policy");
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.Matches(ScriptSrcSelfOnly(), csp);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
            Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"));
            // Development is served over plain HTTP on localhost: no HSTS there.
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        });

    [Fact]
    public Task ContestantAndConsolePagesHaveNoInlineScript() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var browser = new SignInBrowser(app.WithClientAddresses());
            var home = await browser.GetStringAsync("/");
            await browser.SignInAsync("+15551234567");
            var console = await browser.GetStringAsync("/admin");

            Assert.Contains("_framework/blazor.web.js", console);
            foreach (var html in new[] { home, console })
            {
                var inline = InlineScript().Matches(html).Select(m => m.Value).ToList();
                Assert.True(inline.Count == 0, "Inline script the CSP would refuse: " + string.Join(" | ", inline));
                Assert.DoesNotMatch(InlineHandler(), html);
            }
        });

    [Fact]
    public Task HstsIsSentOutsideDevelopment() =>
        // Production refuses SQLite, so this one runs on PostgreSQL.
        DatabaseProviders.WithDatabaseAsync("Postgres", async database =>
        {
            await using var app = new ContestletAppFactory(database, "Production", SafeProductionSettings);
            var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            {
                BaseAddress = new Uri("https://contests.example.com/"),
                AllowAutoRedirect = false,
            });

            using var response = await client.GetAsync("/health");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("max-age=", Header(response, "Strict-Transport-Security"));
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        });

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri!.AbsolutePath} answered without {name}.");

    [GeneratedRegex(@"(^|; )script-src 'self'(;|$)")]
    private static partial Regex ScriptSrcSelfOnly();

    /// <summary>A script element without a src attribute (an inline script or import map).</summary>
    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\son(click|load|submit|change|error)=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
