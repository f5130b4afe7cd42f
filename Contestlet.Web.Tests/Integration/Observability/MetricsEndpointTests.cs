using System.Net;
using System.Net.Http.Headers;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Features.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.Observability;

/// <summary>
/// Contestlet's meter is static (process-wide): while these tests run, no other test may record entries or texts into
/// the scrape they read, so they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

/// <summary>Issue 16 item 1: /metrics is served to loopback or with the token, and shows what the app did.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests
{
    private const string Token = "metrics-test-token-0123456789abcdef";
    private const string ForwardedFor = "X-Forwarded-For";

    /// <summary>Behind nginx: the app trusts X-Forwarded-For (as the deploy scripts configure it), with a scrape token set.</summary>
    private static readonly Dictionary<string, string?> BehindProxy = new()
    {
        ["FORWARDEDHEADERS_ENABLED"] = "true",
        ["Metrics:BearerToken"] = Token,
    };

    [Fact]
    public Task RefusesNonLoopbackForwardedClientWithoutTheToken() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var client = app.CreateClient();

            Assert.Equal(HttpStatusCode.Forbidden, (await Scrape(client, forwardedFor: "203.0.113.7")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Scrape(client, forwardedFor: "203.0.113.7", token: "not-the-token-0123456789abcdef")).StatusCode);
            // A remote client claiming to be loopback: nginx appends the address it really came from, and that one counts.
            Assert.Equal(HttpStatusCode.Forbidden, (await Scrape(client, forwardedFor: "127.0.0.1, 203.0.113.7")).StatusCode);

            var withToken = await Scrape(client, forwardedFor: "203.0.113.7", token: Token);
            Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
            Assert.Contains("# TYPE", await withToken.Content.ReadAsStringAsync());
        }, settings: BehindProxy);

    [Fact]
    public Task ServesLoopbackClientDirectlyAndThroughTheProxy() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var direct = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
                services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RemoteAddressFromHeader>()));
            var client = direct.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await Scrape(client, remote: "127.0.0.1")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Scrape(client, remote: "::1")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Scrape(client, remote: "192.0.2.10")).StatusCode);
            // nginx on the same host forwards a local client's loopback address.
            Assert.Equal(HttpStatusCode.OK, (await Scrape(client, remote: "127.0.0.1", forwardedFor: "127.0.0.1")).StatusCode);
        }, settings: new Dictionary<string, string?> { ["FORWARDEDHEADERS_ENABLED"] = "true" });

    [Fact]
    public Task RefusesTheTokenWhenNoneIsConfigured() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var response = await Scrape(app.CreateClient(), forwardedFor: "203.0.113.7", token: "");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }, settings: new Dictionary<string, string?> { ["FORWARDEDHEADERS_ENABLED"] = "true" });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ShowsTheAppsSeriesAfterEntriesCodesAndTexts(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var client = app.CreateClient();
            var before = await ScrapeText(client);
            Assert.DoesNotContain("contestlet_entries_accepted_total", before);
            Assert.DoesNotContain("contestlet_sms_sent_total", before);

            var now = app.Time.GetUtcNow();
            var details = TestContests.Details("Metrics Monday") with { Messages = new MessageTemplates { EntryConfirmation = "You're in for {contest_name}." } };
            var contest = TestContests.PublishedAt(new ContestSchedule(now.AddHours(-1), now.AddHours(5), "America/New_York"), now.AddDays(-1));
            contest = Contest.Create(details, contest.Schedule, now.AddDays(-1));
            contest.Publish(now.AddDays(-1), TestSeeds.Vault);
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var phone = PhoneNumber.FromE164("+18187958204");
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var entries = scope.ServiceProvider.GetRequiredService<EntryService>();
                Assert.Equal(EntryResult.Accepted, (await entries.EnterAsync(contest.Code, phone, new EntryRequest(null, true), CancellationToken.None)).Result);
                Assert.Equal(EntryResult.AlreadyEntered, (await entries.EnterAsync(contest.Code, phone, new EntryRequest(null, true), CancellationToken.None)).Result);
                Assert.Equal(EntryResult.Refused, (await entries.EnterAsync(contest.Code, phone, new EntryRequest(null, false), CancellationToken.None)).Result);
                var signIn = scope.ServiceProvider.GetRequiredService<SignInService>();
                Assert.NotNull((await signIn.RequestCodeAsync(phone, "127.0.0.1", CancellationToken.None)).ChallengeId);
                // Inside the cooldown the answer is the one every number gets (no text, no refusal); the metric says why.
                Assert.Null((await signIn.RequestCodeAsync(phone, "127.0.0.1", CancellationToken.None)).Refusal);
            }

            // The outbox gauges refresh from the database once their snapshot is older than 10 s.
            app.Time.Advance(TimeSpan.FromSeconds(30));
            var queued = await ScrapeUntilAsync(client, text => DepthIs(text, 1));
            Assert.Equal(1, Value(queued, "contestlet_outbox_depth"));
            Assert.True(Value(queued, "contestlet_outbox_oldest_age_seconds") >= 30);

            await using (var scope = app.Services.CreateAsyncScope())
            {
                Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync("metrics-test", CancellationToken.None));
            }

            app.Time.Advance(TimeSpan.FromSeconds(30));
            var after = await ScrapeUntilAsync(client, text => DepthIs(text, 0));
            Assert.Equal(1, Value(after, "contestlet_entries_accepted_total{source=\"web\"}"));
            Assert.Equal(1, Value(after, "contestlet_entries_refused_total{reason=\"already_entered\",source=\"web\"}"));
            Assert.Equal(1, Value(after, "contestlet_entries_refused_total{reason=\"confirmation_missing\",source=\"web\"}"));
            Assert.Equal(1, Value(after, "contestlet_signin_codes_sent_total"));
            Assert.Equal(1, Value(after, "contestlet_signin_codes_refused_total{reason=\"cooldown\"}"));
            Assert.Equal(1, Value(after, "contestlet_sms_queued_total{type=\"entry_confirmation\"}"));
            Assert.Equal(1, Value(after, "contestlet_sms_sent_total{type=\"entry_confirmation\"}"));
            Assert.Equal(0, Value(after, "contestlet_outbox_depth"));
            Assert.Equal(app.Services.GetRequiredService<IConfiguration>().GetValue<int>("Auth:Limits:SmsBudgetPerHour"),
                Value(after, "contestlet_signin_sms_budget_limit{window=\"hour\"}"));
            // The framework's series: requests (by route), the runtime, and (on PostgreSQL) Npgsql's connection pool.
            Assert.Contains("http_server_request_duration_seconds_bucket{", after);
            Assert.Contains("dotnet_gc_collections_total", after);
            if (provider == "Postgres")
            {
                Assert.Contains("db_client_connection", after);
            }

            // No label ever carries a phone number: neither the E.164 form nor its digits.
            Assert.DoesNotContain("8187958204", after);
        }, settings: new Dictionary<string, string?>(BehindProxy) { ["Outbox:Enabled"] = "false" }); // this test dispatches itself

    /// <summary>
    /// A scrape waits at most a second for the outbox query; on a busy machine it may serve the previous figures while
    /// the query finishes, so the test scrapes again (bounded) until the gauge shows the expected state.
    /// </summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> done)
    {
        var text = "";
        for (var i = 0; i < 40; i++)
        {
            text = await ScrapeText(client);
            if (done(text))
            {
                break;
            }

            await Task.Delay(250);
        }

        return text;
    }

    private static bool DepthIs(string exposition, int depth) =>
        System.Text.RegularExpressions.Regex.IsMatch(exposition, $@"^contestlet_outbox_depth(\{{[^}}]*\}})? {depth}( |\r?$)", System.Text.RegularExpressions.RegexOptions.Multiline);

    private static async Task<string> ScrapeText(HttpClient client)
    {
        var response = await Scrape(client, forwardedFor: null, token: Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// The sum of the series named <paramref name="series"/> whose labels include the given ones
    /// (<c>name{a="x",b="y"}</c>); the exporter may add labels of its own, such as the meter's name.
    /// </summary>
    private static double Value(string exposition, string series)
    {
        var brace = series.IndexOf('{', StringComparison.Ordinal);
        var name = brace < 0 ? series : series[..brace];
        var wanted = brace < 0 ? [] : series[(brace + 1)..^1].Split(',');
        var matches = exposition.Split('\n')
            .Where(line => !line.StartsWith('#') && (line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal)))
            .Where(line => wanted.All(label => line.Contains(label, StringComparison.Ordinal)))
            .ToList();
        Assert.True(matches.Count > 0, $"{series} not in the scrape:\n{exposition}");
        // "name{labels} value [timestamp]"
        return matches.Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Task<HttpResponseMessage> Scrape(HttpClient client, string? forwardedFor = null, string? token = null, string? remote = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (forwardedFor is not null)
        {
            request.Headers.Add(ForwardedFor, forwardedFor);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (remote is not null)
        {
            request.Headers.Add(RemoteAddressFromHeader.Header, remote);
        }

        return client.SendAsync(request);
    }

    /// <summary>The test server has no socket: this sets the connection's address, as a direct client's would be.</summary>
    private sealed class RemoteAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
