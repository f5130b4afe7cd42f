using System.Diagnostics;
using System.Net;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Features.Winners;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.Sms;

/// <summary>
/// Starts Stoplight Prism once per test class, serving Twilio's own OpenAPI description of API v2010 as a validating
/// mock (<c>prism mock --errors</c>: a request that breaks the spec gets 422). The tools come from
/// scripts/install-npm-tools.sh (run by scripts/test.sh); a missing tool fails the tests, it never skips them.
/// </summary>
public sealed class PrismTwilioFixture : IAsyncLifetime
{
    private Process? _prism;
    private readonly System.Text.StringBuilder _output = new();

    public Uri BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var tools = Environment.GetEnvironmentVariable("CONTESTLET_NPM_TOOLS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(TestPaths.RepositoryRoot(), ".cache", "npm-tools");
        var prism = Path.Combine(tools, "node_modules", ".bin", "prism");
        var spec = Path.Combine(tools, "twilio_api_v2010.json");
        if (!File.Exists(prism) || !File.Exists(spec))
        {
            throw new InvalidOperationException(
                $"Prism or Twilio's API description is missing in {tools}: run scripts/install-npm-tools.sh (scripts/test.sh does).");
        }

        var port = TestPaths.FreeLoopbackPort();
        var start = new ProcessStartInfo(prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "mock", "--errors", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), spec })
        {
            start.ArgumentList.Add(argument);
        }

        _prism = Process.Start(start) ?? throw new InvalidOperationException("Prism did not start.");
        _prism.OutputDataReceived += (_, e) => Append(e.Data);
        _prism.ErrorDataReceived += (_, e) => Append(e.Data);
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");

        // Prism reads the 2 MB description before it listens (~20 s here, more on a busy machine).
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!Output.Contains("Prism is listening", StringComparison.Ordinal))
        {
            if (_prism.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Prism did not start listening:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async Task DisposeAsync()
    {
        if (_prism is { HasExited: false })
        {
            _prism.Kill(entireProcessTree: true);
            await _prism.WaitForExitAsync();
        }

        _prism?.Dispose();
    }

}

/// <summary>
/// Contract test: every kind of text the app sends, through the real transport (the Twilio SDK on the app's HttpClient),
/// is a valid Create Message request according to Twilio's published API description (201 from Prism, not 422).
/// </summary>
public sealed class TwilioContractTests(PrismTwilioFixture prism) : IClassFixture<PrismTwilioFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Site = new("https://contests.example.com");

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.Configure<SmsOptions>(sms =>
        {
            sms.Twilio.AccountSid = "AC0123456789abcdef0123456789abcdef";
            sms.Twilio.AuthToken = "contract-test-auth-token";
            sms.Twilio.FromNumber = "+12135550100";
            sms.Twilio.ApiBaseUrl = prism.BaseUrl;
            sms.Twilio.StatusCallbackUrl = new Uri("https://contests.example.com/webhooks/twilio/status");
            sms.Twilio.SendTimeoutSeconds = 30;
        });
        services.AddContestletSms();
        return services.BuildServiceProvider();
    }

    public static TheoryData<string, string> TextsTheAppSends()
    {
        var contest = TestContests.Active(Now, name: "Surf’s Up 🌊 Giveaway");
        return new TheoryData<string, string>
        {
            { "sign-in code", "123456 is your Contestlet code. It expires in 10 minutes. Don't share it with anyone." },
            { "entry confirmation", MessageText.Render("You're in {contest_name}! Draw after {end_time}. Results: {results_url}", contest, Site) },
            { "winner", WinnerMessage.Render(contest, Site, "7KQ2M9XBWP", Now.AddDays(3)) },
            { "admin message", MessageText.Render("Reminder: {contest_name} by {sponsor} ends {end_time}. {results_url}", contest, Site) },
            { "reply", "Contestlet: " + new string('x', Notification.BodyMaxLength - 12) },
        };
    }

    [Theory]
    [MemberData(nameof(TextsTheAppSends))]
    public async Task SendsAValidCreateMessageRequest(string kind, string body)
    {
        await using var services = Services();
        using var scope = services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<TwilioSmsSender>();

        var result = await sender.SendAsync(new SmsMessage(PhoneNumber.ParseConfigured("+18187958204"), body, NotificationId: 42), CancellationToken.None);

        // Prism answers 422 with the broken rule for a request outside the spec; the transport reports that as refused.
        Assert.True(result.IsSent, $"{kind}: {result.Status} {result.Error}\n{prism.Output[^Math.Min(prism.Output.Length, 4000)..]}");
        Assert.False(string.IsNullOrEmpty(result.ProviderMessageId), kind);
    }

    [Fact]
    public async Task IsRefusedWithUnprocessableEntityGivenARequestOutsideTheSpec()
    {
        // Proves the mock validates: a Create Message request without Body, MediaUrl or ContentSid breaks the spec.
        using var http = new HttpClient { BaseAddress = prism.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["From"] = "+12135550100" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("AC0123456789abcdef0123456789abcdef:x"u8.ToArray()));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
