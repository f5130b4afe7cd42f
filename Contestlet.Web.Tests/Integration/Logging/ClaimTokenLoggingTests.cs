using System.Collections.Concurrent;
using System.Text;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Winners;
using Contestlet.Web.Tests.Integration.SignIn;
using Contestlet.Web.Tests.Integration.Winners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Contestlet.Web.Tests.Integration.Logging;

/// <summary>
/// A claim link's token never reaches a log (issue 13 item 11): every event the app and the framework write during claim
/// requests, at every level, rendered and with every property, is searched for it.
/// </summary>
[Collection(LogCaptureCollection.Name)]
public sealed class ClaimTokenLoggingTests
{
    private static readonly Dictionary<string, string?> EverythingLogged = new()
    {
        ["Serilog:MinimumLevel:Default"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Warning",
        ["Serilog:MinimumLevel:Override:System"] = "Verbose",
        ["Winners:ForfeitureJobEnabled"] = "false",
        ["Winners:PublicBaseUrl"] = "https://contestlet.test",
    };

    [Fact]
    public Task LogsNoClaimTokenDuringClaimRequests() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var (contest, _) = await WinnersFixture.SeedEndedContestAsync(app, entryCount: 3);
            await WinnersFixture.Service<DrawService>(app).DrawAsync(contest.Id, WinnersFixture.Dana, CancellationToken.None).DoneAsync();
            await WinnersFixture.Service<WinnerNotifications>(app).NotifyWinnersAsync(contest.Id, WinnersFixture.Dana, CancellationToken.None).DoneAsync();
            string token;
            await using (var db = app.CreateDbContext())
            {
                token = WinnersFixture.TokenIn((await db.Notifications.SingleAsync(n => n.ContestId == contest.Id)).Body);
            }

            var sink = new CapturingSink();
            var host = app.WithClientAddresses().WithWebHostBuilder(builder =>
                builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(sink)));
            var winner = new SignInBrowser(host);
            var unknownToken = "unknownTokenForTheLogTest0123456789abcdefgh";

            var page = await winner.GetStringAsync($"/claim/{token}");
            Assert.Contains("You won!", page, StringComparison.Ordinal);
            await winner.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/claim/{token}")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["_handler"] = "claim-send-code",
                    ["__RequestVerificationToken"] = SignInBrowser.Token(page),
                }),
            });
            await winner.GetAsync($"/claim/{unknownToken}");
            await winner.GetAsync($"/claim/{unknownToken}/more?x=1");

            var logs = sink.Text();
            Assert.Contains("/claim/[redacted]", logs, StringComparison.Ordinal);
            var leaks = logs.Split('\n').Where(line => line.Contains(token, StringComparison.Ordinal) || line.Contains(unknownToken, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, "Claim tokens in the logs:\n" + string.Join('\n', leaks));
        }, settings: EverythingLogged);

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        public string Text()
        {
            Assert.True(_events.Count > 10, "The sink captured the app's logs.");
            var text = new StringBuilder();
            foreach (var e in _events)
            {
                text.Append("[template] ").AppendLine(e.MessageTemplate.Text);
                text.AppendLine(e.RenderMessage());
                foreach (var (name, value) in e.Properties)
                {
                    text.Append(name).Append('=').AppendLine(value.ToString());
                }

                text.AppendLine(e.Exception?.ToString());
            }

            return text.ToString();
        }
    }
}
