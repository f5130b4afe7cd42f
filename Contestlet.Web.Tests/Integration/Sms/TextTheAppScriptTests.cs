using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.Sms;

/// <summary>
/// scripts/text-the-app.sh against the real app on a real socket: its signature (made by the npm twilio package, as
/// Twilio makes it) is accepted and the text is acted on; with the wrong auth token the app refuses it and changes nothing.
/// </summary>
public sealed class TextTheAppScriptTests
{
    private const string AuthToken = "text-the-app-auth-token";
    private const string QaNumber = "+18187958204";

    private static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Sms:Twilio:AuthToken"] = AuthToken,
        ["Outbox:Enabled"] = "false",
    };

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(Uri app, string token, string body)
    {
        var root = TestPaths.RepositoryRoot();
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[] { Path.Combine(root, "scripts", "text-the-app.sh"), "--app", app.ToString(), "--from", QaNumber, "--body", body })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TWILIO_AUTH_TOKEN"] = token;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static async Task<bool> IsOptedOutAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == QaNumber);
    }

    [Fact]
    public Task AcceptsTheScriptsSignatureAndRefusesAWrongToken() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            await using var app = new ContestletAppFactory(database, "Development", Settings);
            app.UseKestrel(0);
            app.StartServer();
            using var client = app.CreateClient();
            var address = client.BaseAddress!;

            var forged = await RunScriptAsync(address, "not-the-auth-token", "STOP");
            Assert.Equal(1, forged.ExitCode);
            Assert.Contains("HTTP 403", forged.Output);
            Assert.False(await IsOptedOutAsync(app));

            var signed = await RunScriptAsync(address, AuthToken, "STOP");
            Assert.True(signed.ExitCode == 0, signed.Output);
            Assert.Contains("HTTP 200", signed.Output);
            Assert.True(await IsOptedOutAsync(app));
        });
}
