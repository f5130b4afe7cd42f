using System.Collections;
using System.ComponentModel.DataAnnotations;
using Contestlet.Web.Infrastructure.Configuration;

namespace Contestlet.Web.Tests.Integration.Configuration;

public sealed class SeedEnvironmentVariablesTests
{
    [Fact]
    public void MapsTheSeedsVariableNamesOntoSettings()
    {
        var environment = new Hashtable
        {
            ["DATABASE_URL"] = "postgresql://app:s3cret@db.internal:5433/contestlet",
            ["USE_MOCK_SMS"] = "false",
            ["TWILIO_ACCOUNT_SID"] = "ACxyz",
            ["TWILIO_AUTH_TOKEN"] = "token",
            ["TWILIO_PHONE_NUMBER"] = "+18185550000",
            ["ADMIN_PHONES"] = "+15551234567, (818) 795-8204",
            ["SECRET_KEY"] = "key",
            ["DEBUG"] = "false",
            ["SENTRY_DSN"] = "https://key@sentry.example/1",
            ["PUBLIC_BASE_URL"] = "https://contests.example.com",
            ["UNRELATED"] = "ignored",
        };

        var settings = SeedEnvironmentVariables.Read(environment);

        Assert.Equal("postgresql://app:s3cret@db.internal:5433/contestlet", settings["Database:Url"]);
        Assert.Equal("false", settings["Sms:UseMock"]);
        Assert.Equal("ACxyz", settings["Sms:Twilio:AccountSid"]);
        Assert.Equal("token", settings["Sms:Twilio:AuthToken"]);
        Assert.Equal("+18185550000", settings["Sms:Twilio:FromNumber"]);
        Assert.Equal("+15551234567", settings["Auth:AdminPhones:0"]);
        Assert.Equal("(818) 795-8204", settings["Auth:AdminPhones:1"]);
        Assert.Equal("key", settings["Security:SecretKey"]);
        Assert.Equal("false", settings["Security:Debug"]);
        Assert.Equal("https://key@sentry.example/1", settings["Sentry:Dsn"]);
        Assert.Equal("https://contests.example.com", settings["Winners:PublicBaseUrl"]);
        Assert.Equal(11, settings.Count);
    }

    [Theory]
    [InlineData("sqlite:///./contestlet_dev.db", DatabaseProvider.Sqlite, "Data Source=./contestlet_dev.db")]
    [InlineData("sqlite:////var/lib/contestlet/app.db", DatabaseProvider.Sqlite, "Data Source=/var/lib/contestlet/app.db")]
    public void ParsesSqliteUrls(string url, DatabaseProvider provider, string connectionString)
    {
        var resolved = DatabaseUrl.Parse(url);
        Assert.Equal(provider, resolved.Provider);
        Assert.Equal(connectionString, resolved.ConnectionString);
    }

    [Fact]
    public void ParsesPostgresUrlWithEscapedPasswordAndOptions()
    {
        var resolved = DatabaseUrl.Parse("postgresql://app:p%40ss%3Aword@db.internal:5433/contestlet?sslmode=require");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(resolved.ConnectionString);

        Assert.Equal(DatabaseProvider.Postgres, resolved.Provider);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("contestlet", builder.Database);
        Assert.Equal("app", builder.Username);
        Assert.Equal("p@ss:word", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
    }

    [Theory]
    [InlineData("mysql://x@y/z")]
    [InlineData("sqlite:///")]
    [InlineData("postgresql://host-without-database")]
    public void RejectsUnusableDatabaseUrlsWithTheSettingsName(string url)
    {
        var error = Assert.Throws<ValidationException>(() => DatabaseUrl.Parse(url));
        Assert.Contains("DATABASE_URL", error.Message);
    }
}
