namespace Contestlet.Web.Tests.Integration.Configuration;

/// <summary>Staging and Production refuse to start with any unsafe setting, naming it (docs/product.md §1).</summary>
public sealed class StartupRefusalTests
{
    internal static Dictionary<string, string?> SafeDeployedSettings() => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=unused;Username=x;Password=y",
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
    [InlineData("Staging")]
    [InlineData("Production")]
    public Task StartsGivenSafeSettings(string environment) =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            await using var app = new ContestletAppFactory(database, environment, SafeDeployedSettings());
            var response = await app.CreateClient().GetAsync("/health");
            Assert.True(response.IsSuccessStatusCode);
        });

    public static TheoryData<string, string, string?, string> UnsafeSettings => new()
    {
        { "Staging", "Sms:UseMock", "true", "Sms:UseMock (USE_MOCK_SMS)" },
        { "Production", "Sms:UseMock", "true", "Sms:UseMock (USE_MOCK_SMS)" },
        { "Staging", "Sms:Twilio:AccountSid", "", "TWILIO_ACCOUNT_SID" },
        { "Production", "Sms:Twilio:AuthToken", "", "TWILIO_AUTH_TOKEN" },
        { "Production", "Sms:Twilio:FromNumber", "", "TWILIO_PHONE_NUMBER" },
        { "Staging", "Security:SecretKey", "development-secret-key-change-me", "Security:SecretKey (SECRET_KEY) is the development key" },
        { "Production", "Security:SecretKey", "short-secret", "Security:SecretKey (SECRET_KEY) is too short" },
        { "Production", "Security:SecretKey", "", "Security:SecretKey (SECRET_KEY) is missing" },
        { "Staging", "Database:Provider", "Sqlite", "Database:Url (DATABASE_URL) points at SQLite" },
        { "Production", "Database:Url", "sqlite:///./prod.db", "Database:Url (DATABASE_URL) points at SQLite" },
        { "Staging", "Auth:AdminPhones:0", null, "Auth:AdminPhones (ADMIN_PHONES) is empty" },
        { "Production", "Sms:QaTestNumbers:0", "+15555550100", "Sms:QaTestNumbers is set; Production" },
        { "Production", "Security:Debug", "true", "Security:Debug (DEBUG)" },
        { "Production", "Auth:AdminPhones:0", "not a phone", "Auth:AdminPhones (ADMIN_PHONES) contains an invalid number" },
        { "Staging", "Winners:PublicBaseUrl", null, "Winners:PublicBaseUrl (PUBLIC_BASE_URL) is missing" },
        { "Production", "Winners:PublicBaseUrl", null, "Winners:PublicBaseUrl (PUBLIC_BASE_URL) is missing" },
        { "Production", "Winners:PublicBaseUrl", "http://contests.example.com", "Winners:PublicBaseUrl (PUBLIC_BASE_URL) is 'http://contests.example.com'" },
        { "Staging", "Winners:PublicBaseUrl", "contests.example.com/claim", "Winners:PublicBaseUrl (PUBLIC_BASE_URL) is 'contests.example.com/claim'" },
        { "Production", "Winners:PublicBaseUrl", "https://localhost:5001", "Winners:PublicBaseUrl (PUBLIC_BASE_URL) points at localhost" },
        { "Staging", "Winners:PublicBaseUrl", "https://127.0.0.1", "Winners:PublicBaseUrl (PUBLIC_BASE_URL) points at 127.0.0.1" },
        { "Staging", "Dev:ClockControl", "true", "Dev:ClockControl (Dev__ClockControl) is true" },
        { "Production", "Dev:ClockControl", "true", "Dev:ClockControl (Dev__ClockControl) is true" },
        { "Production", "Dev:FailContestPages", "true", "Dev:FailContestPages (Dev__FailContestPages) is true" },
    };

    [Theory]
    [MemberData(nameof(UnsafeSettings))]
    public Task RefusesToStartGivenUnsafeSetting(string environment, string key, string? value, string expectedMessage) =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var settings = SafeDeployedSettings();
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }

            if (key == "Sms:QaTestNumbers:0")
            {
                settings["Sms:QaFixedCode"] = "424242";
            }

            await using var app = new ContestletAppFactory(database, environment, settings);
            var error = Record.Exception(() => app.Server);

            Assert.NotNull(error);
            Assert.Contains(expectedMessage, error.ToString());
        });

    [Fact]
    public Task DevelopmentAcceptsTheSeedsDevelopmentValues() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var response = await app.CreateClient().GetAsync("/health/ready");
            Assert.True(response.IsSuccessStatusCode);
        }, settings: new Dictionary<string, string?>
        {
            ["Auth:AdminPhones:0"] = "+15551234567",
            ["Auth:AdminPhones:1"] = "+18187958204",
            ["Security:SecretKey"] = "development-secret-key-change-me",
            ["Sms:UseMock"] = "true",
        });
}
