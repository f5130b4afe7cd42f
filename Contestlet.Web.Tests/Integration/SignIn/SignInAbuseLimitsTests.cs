using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.SignIn;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>
/// The long-window limits of issue 13 item 3: a number is locked after repeated wrong codes over 24 h, and the whole app
/// sends at most a budget of sign-in texts per hour and per day. Both live in the database, so every instance shares them.
/// Logs are captured, so these run alone.
/// </summary>
[Collection(LogCaptureCollection.Name)]
public sealed class SignInAbuseLimitsTests
{
    private const string Phone = "(818) 555-0142";
    private const string Admin = "+15551234567";

    /// <summary>Ten wrong codes (two codes' worth of five tries) within 24 h on one instance; the second sees the lock.</summary>
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task LocksANumberAfterTenWrongCodesWithin24HoursOnEveryInstanceAndSaysUntilWhen(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await using var first = new ContestletAppFactory(database);
            await using var second = new ContestletAppFactory(database);
            var browser = new SignInBrowser(first.WithClientAddresses());
            void Advance(TimeSpan by)
            {
                first.Time.Advance(by);
                second.Time.Advance(by);
            }

            await browser.SubmitPhoneAsync(Phone);
            await WrongCodesAsync(browser, first, 5);
            Advance(TimeSpan.FromHours(3));
            await browser.ResendAsync();
            await WrongCodesAsync(browser, first, 4);
            var tenth = await browser.SubmitCodeAsync(await WrongCodeAsync(first));

            // The 10th failure was at 15:00 UTC; the first at 12:00 UTC: the lock lasts until the first leaves the window.
            const string lockedUntil = "signing in with it is paused until Wednesday, November 25 at 12:00 PM UTC (in 21 h)";
            Assert.Contains(lockedUntil, await SignInBrowser.ReadAsync(tenth));

            // Locked means locked: the right code is refused, and a new "Send code" on the other instance texts nothing.
            var texts = await TextsAsync(first);
            var onSecond = new SignInBrowser(second.WithClientAddresses(), "203.0.113.77");
            Assert.Equal("/signin/code", SignInBrowser.Target(await onSecond.SubmitPhoneAsync(Phone)));
            Assert.Contains(lockedUntil, await onSecond.GetStringAsync("/signin/code"));
            Assert.Equal(texts, await TextsAsync(first));
            var right = await browser.Clone(second).SubmitCodeAsync(await SignInBrowser.LatestCodeAsync(first, Phone));
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Contains(lockedUntil, await SignInBrowser.ReadAsync(right));

            // Once the window has passed, the number signs in as usual.
            Advance(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(1));
            var later = new SignInBrowser(second.WithClientAddresses(), "203.0.113.78");
            Assert.Equal("/", SignInBrowser.Target(await later.SignInAsync(Phone)));
        });

    [Fact]
    public Task LogsAnAdminNumbersLockoutAtWarningWithTheMaskedNumber() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var sink = new EventSink();
            var host = app.WithClientAddresses().WithWebHostBuilder(builder =>
                builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(sink)));
            var browser = new SignInBrowser(host);
            await browser.SubmitPhoneAsync(Admin);
            await WrongCodesAsync(browser, app, 5);
            app.Time.Advance(TimeSpan.FromMinutes(2));
            await browser.ResendAsync();
            await WrongCodesAsync(browser, app, 5);

            var warning = Assert.Single(sink.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("locked until", StringComparison.Ordinal));
            Assert.Contains("+1•••••4567", warning.RenderMessage(), StringComparison.Ordinal);
            Assert.Contains("admin", warning.RenderMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain("5551234567", string.Join('\n', sink.Events.Select(e => e.RenderMessage())), StringComparison.Ordinal);
        });

    /// <summary>A budget of 3 an hour and 5 a day, shared by two instances, under 12 concurrent requests from 12 numbers.</summary>
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task SendsNoMoreThanTheHourlyAndDailyBudgetAcrossInstancesAndCountsTheRefusals(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Auth:Limits:SmsBudgetPerHour"] = "3",
                ["Auth:Limits:SmsBudgetPerDay"] = "5",
            };
            await using var first = new ContestletAppFactory(database, settings: settings);
            await using var second = new ContestletAppFactory(database, settings: settings);
            using var refusals = new CounterListener(ContestletMetrics.SmsBudgetRefusalsName);

            var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
                RequestAsync(i % 2 == 0 ? first : second, $"+1818555{i:0000}", $"198.51.100.{i}")));
            Assert.Equal(3, burst.Count(r => r.ChallengeId is not null));
            Assert.All(burst.Where(r => r.ChallengeId is null), r => Assert.Equal(
                "We're sending more sign-in codes than usual right now, so we've paused them for a while. Try again in 1 h.", r.Refusal));
            Assert.Equal(3, await TextsAsync(first));
            Assert.Equal(9, refusals.Total);

            // The next clock hour: two more fit in the day's budget of five, then the day is spent.
            first.Time.Advance(TimeSpan.FromHours(1));
            second.Time.Advance(TimeSpan.FromHours(1));
            var nextHour = new List<CodeRequest>();
            for (var i = 20; i < 24; i++)
            {
                nextHour.Add(await RequestAsync(i % 2 == 0 ? first : second, $"+1818555{i:0000}", $"198.51.100.{i}"));
            }

            Assert.Equal(2, nextHour.Count(r => r.ChallengeId is not null));
            Assert.Equal(5, await TextsAsync(first));
            Assert.Contains("Try again in 11 h", nextHour[^1].Refusal, StringComparison.Ordinal);
            Assert.Equal(11, refusals.Total);
        });

    private static async Task WrongCodesAsync(SignInBrowser browser, ContestletAppFactory app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await browser.SubmitCodeAsync(await WrongCodeAsync(app));
        }
    }

    /// <summary>A six-digit code that is not the one texted last.</summary>
    private static async Task<string> WrongCodeAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        var last = await db.SmsRecords.OrderByDescending(r => r.Id).Select(r => r.Body).FirstAsync();
        return last!.StartsWith("000000", StringComparison.Ordinal) ? "111111" : "000000";
    }

    private static async Task<int> TextsAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.SmsRecords.CountAsync();
    }

    private static async Task<CodeRequest> RequestAsync(ContestletAppFactory app, string phone, string address)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>()
            .RequestCodeAsync(PhoneNumber.ParseConfigured(phone), address, CancellationToken.None);
    }

    private sealed class EventSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyCollection<LogEvent> Events => _events;

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }

    /// <summary>Sums one counter of the "Contestlet" meter, from every app instance in this process.</summary>
    private sealed class CounterListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterListener(string instrument)
        {
            _listener.InstrumentPublished = (candidate, listener) =>
            {
                if (candidate.Meter.Name == ContestletMetrics.MeterName && candidate.Name == instrument)
                {
                    listener.EnableMeasurementEvents(candidate);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
