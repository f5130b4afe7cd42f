using System.Net;
using System.Runtime.CompilerServices;
using Contestlet.Domain.Phones;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.Sms;

/// <summary>
/// The Twilio transport (the official SDK on the app's HttpClient, with its resilience registration) against a local
/// Twilio look-alike: faults Prism cannot produce (timeouts, 5xx, 429, 21610). Every send is exactly one POST.
/// </summary>
public sealed class TwilioSmsSenderTests : IAsyncLifetime
{
    private FakeTwilioServer _twilio = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilioServer.StartAsync();
        _services = Services(FakeTwilioServer.AuthToken);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    /// <param name="sendTimeoutSeconds">
    /// Generous by default: a loaded CI machine must not turn a slow answer into a timeout. 10 s was not enough for the
    /// run's first send (SDK, HttpClient and the fake's Kestrel all cold, load average 20): it timed out after 18 s.
    /// </param>
    /// <param name="posts">When given, counts the requests the sender puts on the wire (whether or not the fake got them).</param>
    private ServiceProvider Services(string authToken, int sendTimeoutSeconds = 60, StrongBox<int>? posts = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.Configure<SmsOptions>(sms =>
        {
            sms.Twilio.AccountSid = FakeTwilioServer.AccountSid;
            sms.Twilio.AuthToken = authToken;
            sms.Twilio.FromNumber = FakeTwilioServer.FromNumber;
            sms.Twilio.ApiBaseUrl = _twilio.BaseUrl;
            sms.Twilio.StatusCallbackUrl = new Uri("https://staging.contestlet.example/webhooks/twilio/status");
            sms.Twilio.SendTimeoutSeconds = sendTimeoutSeconds;
        });
        services.AddContestletSms();
        if (posts is not null)
        {
            services.AddHttpClient(TwilioSmsSender.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(posts));
        }

        return services.BuildServiceProvider();
    }

    private Task<SmsSendResult> SendAsync(string to, ServiceProvider? services = null, long? notificationId = null) =>
        (services ?? _services).CreateScope().ServiceProvider.GetRequiredService<TwilioSmsSender>()
            .SendAsync(new SmsMessage(PhoneNumber.ParseConfigured(to), "123456 is your Contestlet code.", notificationId), CancellationToken.None);

    [Fact]
    public async Task PostsTheFormWithBasicAuthAndReturnsTheMessageSid()
    {
        var result = await SendAsync("(818) 795-8204");

        Assert.Equal(SmsSendStatus.Sent, result.Status);
        Assert.Matches("^SM[0-9a-f]{32}$", result.ProviderMessageId);
        Assert.Equal("queued", result.ProviderStatus);
        var form = Assert.Single(_twilio.Accepted);
        Assert.Equal("+18187958204", form["To"]);
        Assert.Equal(FakeTwilioServer.FromNumber, form["From"]);
        Assert.Equal("123456 is your Contestlet code.", form["Body"]);
        Assert.Equal("https://staging.contestlet.example/webhooks/twilio/status", form["StatusCallback"]);
        Assert.StartsWith("twilio-csharp/", Assert.Single(_twilio.UserAgents));
    }

    [Fact]
    public async Task NamesTheOutboxRowInTheStatusCallbackUrl()
    {
        var result = await SendAsync("(818) 795-8204", notificationId: 4711);

        Assert.Equal(SmsSendStatus.Sent, result.Status);
        Assert.Equal("https://staging.contestlet.example/webhooks/twilio/status?notification=4711", Assert.Single(_twilio.Accepted)["StatusCallback"]);
    }

    [Fact]
    public async Task MapsAnInvalidNumberToAPermanentFailureWithoutRetrying()
    {
        var result = await SendAsync(FakeTwilioServer.InvalidNumber);

        Assert.Equal(SmsSendStatus.FailedPermanently, result.Status);
        Assert.Equal(21211, result.ErrorCode);
        Assert.Equal("The number is not a valid phone number (Twilio 21211).", result.Error);
        Assert.Equal(1, _twilio.Requests);
    }

    [Fact]
    public async Task MapsAnOptedOutRecipientToAPermanentFailure()
    {
        var result = await SendAsync(FakeTwilioServer.OptedOutNumber);

        Assert.Equal(SmsSendStatus.FailedPermanently, result.Status);
        Assert.Equal(21610, result.ErrorCode);
        Assert.Contains("opted out by replying STOP", result.Error);
        Assert.Equal(1, _twilio.Requests);
    }

    [Fact]
    public async Task MapsANumberThatIsNotAMobileToAPermanentFailure()
    {
        var result = await SendAsync(FakeTwilioServer.NotMobileNumber);

        Assert.Equal(SmsSendStatus.FailedPermanently, result.Status);
        Assert.Equal(21614, result.ErrorCode);
        Assert.Contains("not a mobile number", result.Error);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task MakesOnePostAndReportsATransientFailureGivenAServerError(int status)
    {
        _twilio.FailNext(status);

        var result = await SendAsync("(818) 795-8204");

        // No HTTP-level retry: the outbox decides when to try again and records that attempt.
        Assert.Equal(SmsSendStatus.FailedTransiently, result.Status);
        Assert.Contains($"HTTP {status}", result.Error);
        Assert.Equal(1, _twilio.Requests);
        Assert.Empty(_twilio.Accepted);
    }

    [Fact]
    public async Task MakesOnePostAndReportsATransientFailureGivenASlowAnswer()
    {
        // Counted as the sender sends, not as the fake receives: in the full parallel run the fake (in this process) once
        // had not yet received the post when the client's timeout fired, so it counted 0.
        var posts = new StrongBox<int>();
        await using var impatient = Services(FakeTwilioServer.AuthToken, sendTimeoutSeconds: 2, posts);
        _twilio.StallNext(TimeSpan.FromSeconds(30));

        var result = await SendAsync("(818) 795-8204", impatient);

        Assert.Equal(SmsSendStatus.FailedTransiently, result.Status);
        Assert.Equal("Twilio could not be reached (network error or timeout).", result.Error);
        Assert.Equal(1, posts.Value);
        Assert.True(_twilio.Requests <= 1, $"the fake received {_twilio.Requests} posts");
    }

    [Fact]
    public async Task DoesNotRetryWrongCredentials()
    {
        await using var wrongToken = Services("not-the-token");

        var result = await SendAsync("(818) 795-8204", wrongToken);

        Assert.Equal(SmsSendStatus.FailedPermanently, result.Status);
        Assert.Equal(20003, result.ErrorCode);
        Assert.Equal(1, _twilio.Requests);
    }

    [Theory]
    [InlineData(30003, SmsSendStatus.FailedTransiently)]
    [InlineData(30005, SmsSendStatus.FailedPermanently)]
    [InlineData(30006, SmsSendStatus.FailedPermanently)]
    [InlineData(30007, SmsSendStatus.FailedPermanently)]
    public void MapsDeliveryErrorsToWhetherRetryingCanHelp(int code, SmsSendStatus expected)
    {
        var result = TwilioErrors.ToResult(HttpStatusCode.BadRequest, code, "Delivery failed");

        Assert.Equal(expected, result.Status);
        Assert.Equal($"The carrier could not deliver the message (Twilio {code}: Delivery failed).", result.Error);
    }

    private sealed class CountingHandler(StrongBox<int> posts) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref posts.Value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
