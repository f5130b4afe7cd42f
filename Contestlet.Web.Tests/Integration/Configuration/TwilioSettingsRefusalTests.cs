namespace Contestlet.Web.Tests.Integration.Configuration;

/// <summary>
/// The SMS transport's own start-up refusals: where the auth token may be sent (Sms:Twilio:ApiBaseUrl) and an outbox
/// lease that does not outlast one send (issue 13 item 10).
/// </summary>
public sealed class TwilioSettingsRefusalTests
{
    private static async Task<Exception?> StartAsync(string environment, IReadOnlyDictionary<string, string?> changes)
    {
        Exception? error = null;
        await DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var settings = StartupRefusalTests.SafeDeployedSettings();
            foreach (var (key, value) in changes)
            {
                settings[key] = value;
            }

            await using var app = new ContestletAppFactory(database, environment, settings);
            error = Record.Exception(() => app.Server);
        });
        return error;
    }

    public static TheoryData<string, string> UntrustedApiBases => new()
    {
        { "Staging", "http://api.twilio.com" },
        { "Production", "https://twilio.example.com" },
        { "Production", "https://api.twilio.com.attacker.example" },
        { "Staging", "http://127.0.0.1:4010" },
    };

    [Theory]
    [MemberData(nameof(UntrustedApiBases))]
    public async Task RefusesToStartGivenAnApiBaseThatIsNotTwilioOverHttps(string environment, string apiBase)
    {
        var error = await StartAsync(environment, new Dictionary<string, string?> { ["Sms:Twilio:ApiBaseUrl"] = apiBase });

        Assert.NotNull(error);
        Assert.Contains($"Sms:Twilio:ApiBaseUrl is '{apiBase}'", error.ToString());
        Assert.Contains("Sms:Twilio:AllowCustomApiBaseUrl", error.ToString());
    }

    [Theory]
    [InlineData("Staging", "https://api.twilio.com")]
    [InlineData("Production", "https://api.dublin.ie1.twilio.com")]
    public async Task StartsGivenATwilioApiBaseOverHttps(string environment, string apiBase)
    {
        var error = await StartAsync(environment, new Dictionary<string, string?> { ["Sms:Twilio:ApiBaseUrl"] = apiBase });

        Assert.Null(error);
    }

    [Fact]
    public async Task StartsGivenACustomApiBaseAllowedOnPurpose()
    {
        var error = await StartAsync("Staging", new Dictionary<string, string?>
        {
            ["Sms:Twilio:ApiBaseUrl"] = "http://127.0.0.1:4010",
            ["Sms:Twilio:AllowCustomApiBaseUrl"] = "true",
        });

        Assert.Null(error);
    }

    [Fact]
    public async Task RefusesToStartGivenAnApiBaseWithAPath()
    {
        var error = await StartAsync("Development", new Dictionary<string, string?> { ["Sms:Twilio:ApiBaseUrl"] = "https://api.twilio.com/2010-04-01" });

        Assert.NotNull(error);
        Assert.Contains("give only scheme, host and port", error.ToString());
    }

    [Theory]
    [InlineData("Production", "30", "10")]
    [InlineData("Staging", "60", "31")]
    [InlineData("Development", "40", "11")]
    public async Task RefusesToStartGivenAnOutboxLeaseThatDoesNotOutlastASend(string environment, string leaseSeconds, string sendTimeoutSeconds)
    {
        var error = await StartAsync(environment, new Dictionary<string, string?>
        {
            ["Outbox:LeaseSeconds"] = leaseSeconds,
            ["Sms:Twilio:SendTimeoutSeconds"] = sendTimeoutSeconds,
        });

        Assert.NotNull(error);
        Assert.Contains($"Outbox:LeaseSeconds is {leaseSeconds}; it must outlast one send", error.ToString());
        Assert.Contains("Sms:Twilio:SendTimeoutSeconds", error.ToString());
    }

    [Fact]
    public async Task StartsGivenALeaseThatOutlastsTheSendTimeoutByTheMargin()
    {
        var error = await StartAsync("Production", new Dictionary<string, string?>
        {
            ["Outbox:LeaseSeconds"] = "40",
            ["Sms:Twilio:SendTimeoutSeconds"] = "10",
        });

        Assert.Null(error);
    }
}
