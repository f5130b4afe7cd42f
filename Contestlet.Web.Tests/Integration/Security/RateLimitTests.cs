using System.Net;
using Contestlet.Web.Tests.Integration.SignIn;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Contestlet.Web.Tests.Integration.Security;

/// <summary>
/// Issue 13 item 4: per-client-address limits on the requests an attacker repeats. Each test sets a tight limit (the
/// environments' own are generous in Development) and counts the client by the address nginx forwards.
/// </summary>
public sealed class RateLimitTests
{
    private const int Limit = 3;

    public static TheoryData<string, string> LimitedRequests => new()
    {
        { "CodeVerification", "POST /signin/code" },
        { "Claim", "GET /claim/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
        { "Claim", "POST /claim/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
        { "EntryList", "GET /c/ZZZZZZ/draw/entries.txt" },
        { "Readiness", "GET /health/ready" },
        { "EntryPost", "POST /c/ZZZZZZ" },
    };

    [Theory]
    [MemberData(nameof(LimitedRequests))]
    public Task RefusesAClientOverTheLimitWithRetryAfterAndAFriendlyPage(string policy, string request) =>
        WithLimitAsync(policy, async app =>
        {
            var client = app.Server.CreateClient();
            for (var i = 0; i < Limit; i++)
            {
                using var allowed = await client.SendAsync(Request(request, "203.0.113.7"));
                Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
            }

            using var refused = await client.SendAsync(Request(request, "203.0.113.7"));
            using var otherClient = await client.SendAsync(Request(request, "198.51.100.20"));

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {refused.Headers.RetryAfter}");
            var page = await refused.Content.ReadAsStringAsync();
            Assert.Contains("Slow down a moment", page);
            Assert.Contains("try again", page);
            // Another address has its own allowance.
            Assert.NotEqual(HttpStatusCode.TooManyRequests, otherClient.StatusCode);
        });

    [Fact]
    public Task CountsTheAddressNginxForwardsNotNginxItself() =>
        WithLimitAsync("EntryList", async app =>
        {
            var client = app.Server.CreateClient();
            // Every request arrives from nginx on loopback; the client is the address it forwards.
            for (var i = 0; i < Limit; i++)
            {
                using var allowed = await client.SendAsync(Request("GET /c/ZZZZZZ/draw/entries.txt", "127.0.0.1", forwardedFor: "203.0.113.9"));
                Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
            }

            using var refused = await client.SendAsync(Request("GET /c/ZZZZZZ/draw/entries.txt", "127.0.0.1", forwardedFor: "203.0.113.9"));
            using var neighbour = await client.SendAsync(Request("GET /c/ZZZZZZ/draw/entries.txt", "127.0.0.1", forwardedFor: "203.0.113.10"));
            // A forwarded header from anyone but the local proxy is ignored: it cannot buy a fresh allowance.
            using var spoofed = await client.SendAsync(Request("GET /c/ZZZZZZ/draw/entries.txt", "203.0.113.9", forwardedFor: "192.0.2.1"));

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, neighbour.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
        });

    [Fact]
    public Task LeavesOtherPagesAndLocalReadinessProbesAlone() =>
        WithLimitAsync("Readiness", async app =>
        {
            var client = app.Server.CreateClient();
            for (var i = 0; i < Limit * 3; i++)
            {
                using var home = await client.SendAsync(Request("GET /", "203.0.113.7"));
                using var probe = await client.SendAsync(Request("GET /health/ready", "127.0.0.1"));
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
                Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            }
        });

    private static HttpRequestMessage Request(string request, string address, string? forwardedFor = null)
    {
        var (method, path) = (request.Split(' ')[0], request.Split(' ')[1]);
        var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            message.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "x" });
        }

        message.Headers.Add(SignInBrowser.AddressHeader, address);
        message.Headers.Accept.ParseAdd("text/html");
        if (forwardedFor is not null)
        {
            message.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return message;
    }

    private static Task WithLimitAsync(string policy, Func<WebApplicationFactory<Program>, Task> test) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app => await test(app.WithClientAddresses()), settings: new Dictionary<string, string?>
        {
            [$"RateLimits:{policy}:PermitLimit"] = $"{Limit}",
            [$"RateLimits:{policy}:WindowSeconds"] = "60",
        });
}
