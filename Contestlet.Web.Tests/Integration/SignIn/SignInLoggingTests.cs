using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>
/// Serilog (without preserveStaticLogger) routes every host's loggers through the static Log.Logger, owned by the host
/// that started last; a log capture is only complete while no other host starts, so these tests run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogCaptureCollection
{
    public const string Name = "log capture";
}

/// <summary>Codes and full phone numbers never reach the logs (docs/product.md §2), at any level, from our code or the framework's.</summary>
[Collection(LogCaptureCollection.Name)]
public sealed class SignInLoggingTests
{
    private static readonly Dictionary<string, string?> EverythingLogged = new()
    {
        ["Serilog:MinimumLevel:Default"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose",
        ["Serilog:MinimumLevel:Override:System"] = "Verbose",
    };

    [Fact]
    public Task LogsNeitherCodesNorFullNumbersDuringWholeSignIns() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var sink = new CapturingSink();
            var host = app.WithClientAddresses().WithWebHostBuilder(builder =>
                builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(sink)));
            var codes = new List<string>();

            var contestant = new SignInBrowser(host);
            await contestant.SubmitPhoneAsync("(818) 795-8206");
            codes.Add(await SignInBrowser.LatestCodeAsync(host, "+18187958206"));
            await contestant.SubmitCodeAsync("000000" == codes[0] ? "111111" : "000000");
            app.Time.Advance(TimeSpan.FromSeconds(61));
            await contestant.ResendAsync();
            codes.Add(await SignInBrowser.LatestCodeAsync(host, "+18187958206"));
            await contestant.SubmitCodeAsync(codes[1]);
            await contestant.GetAsync("/admin");
            await contestant.SignOutAsync();

            var admin = new SignInBrowser(host, "203.0.113.99");
            await admin.SubmitPhoneAsync("818.795.8204");
            codes.Add(await SignInBrowser.LatestCodeAsync(host, "+18187958204"));
            await admin.SubmitCodeAsync(codes[2]);
            await admin.GetAsync("/admin");

            var logs = sink.Text();
            Assert.Contains("+1•••••8206", logs);
            Assert.Contains("+1•••••8204", logs);
            foreach (var secret in codes.Concat(["+18187958206", "8187958206", "+18187958204", "8187958204"]))
            {
                Assert.DoesNotContain(secret, logs);
            }
        }, settings: EverythingLogged);

    /// <summary>Everything Serilog would write anywhere: rendered messages, every property, exceptions.</summary>
    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        public string Text()
        {
            Assert.True(_events.Count > 20, "The sink captured the app's logs.");
            var text = new StringBuilder();
            foreach (var e in _events)
            {
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
