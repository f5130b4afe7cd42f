using System.Diagnostics;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;

namespace Contestlet.Web.Tests.Integration.Hosting;

/// <summary>
/// <c>dotnet Contestlet.Web.dll db-env</c>: the configured PostgreSQL database as libpq variables for the scripts,
/// read as the app reads its settings; SQLite, an unset database and malformed URLs are refused with exit code 2.
/// </summary>
public sealed class DbEnvCommandTests
{
    [Fact]
    public void PrintsLibpqVariablesGivenAPostgresUrl()
    {
        var run = Run(new() { ["Database:Url"] = "postgresql://app:s3cret@db.internal:5433/contestlet?sslmode=require" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(
            [
                "export PGHOST='db.internal'",
                "export PGPORT='5433'",
                "export PGDATABASE='contestlet'",
                "export PGUSER='app'",
                "export PGPASSWORD='s3cret'",
                "export PGSSLMODE='require'",
                "unset PGSSLROOTCERT",
                "unset PGAPPNAME",
            ],
            run.Lines);
    }

    [Fact]
    public void DefaultsThePortAndSslModeGivenAUrlWithoutThem()
    {
        var run = Run(new() { ["Database:Url"] = "postgres://app:pw@db.internal/contestlet" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("export PGPORT='5432'", run.Lines);
        Assert.Contains("export PGSSLMODE='prefer'", run.Lines);
    }

    [Theory]
    [InlineData("verify-full", "verify-full")]
    [InlineData("VerifyCA", "verify-ca")]
    [InlineData("disable", "disable")]
    public void SpellsTheSslModeAsLibpqDoes(string given, string expected)
    {
        var run = Run(new() { ["Database:Url"] = $"postgresql://app:pw@db.internal:5432/contestlet?sslmode={given}" });

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"export PGSSLMODE='{expected}'", run.Lines);
    }

    [Fact]
    public void UnsetsTheUserAndPasswordGivenAUrlWithoutThem()
    {
        var run = Run(new() { ["Database:Url"] = "postgresql://db.internal:5432/contestlet" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("unset PGUSER", run.Lines);
        Assert.Contains("unset PGPASSWORD", run.Lines);
    }

    [Fact]
    public void ReadsTheProviderAndConnectionStringFormToo()
    {
        var run = Run(new()
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=54329;Username=contestlet;Password=pw;Database=contestlet_db;Application Name=backup",
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("export PGHOST='127.0.0.1'", run.Lines);
        Assert.Contains("export PGDATABASE='contestlet_db'", run.Lines);
        Assert.Contains("export PGAPPNAME='backup'", run.Lines);
    }

    [Fact]
    public void TheDatabaseUrlWinsOverTheSettingsFileAsInTheApp()
    {
        var run = Run(new()
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = "Data Source=app.db",
            ["Database:Url"] = "postgresql://app:pw@db.internal/contestlet",
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("export PGHOST='db.internal'", run.Lines);
    }

    [Fact]
    public async Task APasswordWithSpecialCharactersReachesTheShellUnchanged()
    {
        const string password = "p@ss:w/rd?#%&='\"$(touch x)`id`\\ \t;ü€";
        var run = Run(new() { ["Database:Url"] = $"postgresql://{Uri.EscapeDataString("app user")}:{Uri.EscapeDataString(password)}@db.internal:5432/{Uri.EscapeDataString("contest db")}" });
        Assert.True(run.ExitCode == 0, run.Error);

        var shell = await EvalInBashAsync(run.Output, """printf '%s|%s|%s' "$PGPASSWORD" "$PGUSER" "$PGDATABASE" """);

        Assert.Equal($"{password}|app user|contest db", shell);
    }

    [Fact]
    public void RefusesSqlite()
    {
        var run = Run(new() { ["Database:Url"] = "sqlite:///./contestlet_dev.db" });

        Assert.Equal(DbEnvCommand.Refused, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("SQLite", run.Error);
    }

    [Fact]
    public void RefusesAnUnsetDatabase()
    {
        var run = Run(new());

        Assert.Equal(DbEnvCommand.Refused, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("Database:Url (DATABASE_URL) is not set", run.Error);
    }

    [Theory]
    [InlineData("postgresql://app:pw@db.internal:5432", "not a valid PostgreSQL URL")]
    [InlineData("postgresql://app:pw@db.internal:5432/", "not a valid PostgreSQL URL")]
    [InlineData("postgresql://app:pw@:5432/contestlet", "not a valid PostgreSQL URL")]
    [InlineData("mysql://app:pw@db.internal/contestlet", "must start with sqlite:/// or postgresql://")]
    [InlineData("postgresql://app:pw@db.internal/contestlet?no_such_option=1", "no_such_option")]
    [InlineData("postgresql://app:pw@db.internal/contestlet?sslmode=sometimes", "sslmode")]
    public void RefusesAMalformedUrlWithoutEchoingThePassword(string url, string reason)
    {
        var run = Run(new() { ["Database:Url"] = url });

        Assert.Equal(DbEnvCommand.Refused, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("db-env: ", run.Error);
        Assert.Contains(reason, run.Error);
        Assert.DoesNotContain(":pw@", run.Error);
    }

    [Fact]
    public async Task RunsFromTheBuiltAppWithOnlyTheDatabaseUrlAndStartsNoHost()
    {
        // Production would refuse to start a host with nothing but DATABASE_URL set; db-env answers before any of that.
        var ok = await RunAppAsync("postgresql://app:s3cret@db.internal:5433/contestlet?sslmode=require");

        Assert.Equal("", ok.Error);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("export PGPASSWORD='s3cret'", ok.Output);
        Assert.DoesNotContain("listening", ok.Output, StringComparison.OrdinalIgnoreCase);

        var sqlite = await RunAppAsync("sqlite:///./contestlet.db");

        Assert.Equal(DbEnvCommand.Refused, sqlite.ExitCode);
        Assert.Equal("", sqlite.Output);
        Assert.Contains("db-env: ", sqlite.Error);
    }

    [Fact]
    public async Task TheDeployScriptsTakeTheirPgVariablesFromTheApp()
    {
        var run = await ExportPgEnvironmentAsync(AppDll, "postgresql://app:s%27cr%24t@db.internal/contestlet?sslmode=verify-full",
            """printf '%s|%s|%s|%s|%s|%s' "$PGHOST" "$PGPORT" "$PGDATABASE" "$PGUSER" "$PGPASSWORD" "$PGSSLMODE" """);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("db.internal|5432|contestlet|app|s'cr$t|verify-full", run.Output);
    }

    [Fact]
    public async Task TheDeployScriptsStopWithTheAppsReasonGivenSqlite()
    {
        var run = await ExportPgEnvironmentAsync(AppDll, "sqlite:///./contestlet.db", "echo went on");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("db-env: the configured database (Database:Url, DATABASE_URL) is SQLite", run.Error);
        Assert.Contains("cannot read the database settings", run.Error);
    }

    [Fact]
    public async Task TheDeployScriptsRefuseABuildWithoutDbEnv()
    {
        // An older release would ignore the argument and start a web server; the scripts must never run it.
        var run = await ExportPgEnvironmentAsync(Path.Combine(AppContext.BaseDirectory, "Contestlet.Domain.dll"),
            "postgresql://app:pw@db.internal/contestlet", "echo went on");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("has no db-env command", run.Error);
    }

    private static string AppDll => Path.Combine(AppContext.BaseDirectory, "Contestlet.Web.dll");

    /// <summary>scripts/lib/deploy-common.sh's export_pg_environment, as backup-db.sh and restore-db.sh call it.</summary>
    private static async Task<CommandRun> ExportPgEnvironmentAsync(string appDll, string databaseUrl, string then)
    {
        var scratch = Directory.CreateTempSubdirectory("contestlet-db-env-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepositoryRoot() };
            foreach (var argument in (string[])["-c", $"set -euo pipefail; source scripts/lib/deploy-common.sh; export_pg_environment \"$1\"; {then}", "db-env-test", databaseUrl])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["CONTESTLET_APP_DLL"] = appDll;
            start.Environment["CONTESTLET_STATE_DIR"] = scratch;
            start.Environment["CONTESTLET_HOME"] = scratch;
            start.Environment.Remove("DATABASE_URL");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return new CommandRun(process.ExitCode, await output, await error);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static CommandRun Run(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = DbEnvCommand.Run(configuration, output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    private static async Task<CommandRun> RunAppAsync(string databaseUrl)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production", ["DATABASE_URL"] = databaseUrl },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contestlet.Web.dll"));
        start.ArgumentList.Add(DbEnvCommand.Name);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CommandRun(process.ExitCode, await output, await error);
    }

    private static async Task<string> EvalInBashAsync(string exports, string then)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"set -eu; cd \"$(mktemp -d)\"; eval \"$(cat)\"; {then}; [ ! -e x ]");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exports);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"bash: {error}");
        return output;
    }

    private sealed record CommandRun(int ExitCode, string Output, string Error)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
