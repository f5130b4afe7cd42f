using Contestlet.Web.Features.Draws;

namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// Commands of the app itself, run instead of the web server: <c>dotnet Contestlet.Web.dll migrate</c> applies
/// pending migrations for the configured provider (the deploy scripts' step) and exits non-zero on failure;
/// <c>verify-draw</c> recomputes a published draw (see <see cref="VerifyDrawCommand"/>); <c>db-env</c> prints the
/// configured PostgreSQL database as libpq variables for the scripts (see <see cref="DbEnvCommand"/>).
/// </summary>
public static class AppCommands
{
    /// <summary>
    /// Commands that need neither settings nor a database. Program.cs runs them before the host is configured, so they
    /// work from a bare build on anyone's machine, whatever the environment would otherwise refuse.
    /// </summary>
    public static int? TryRunWithoutHost(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case VerifyDrawCommand.Name:
                return VerifyDrawCommand.Run(args[1..], Console.In, Console.Out, Console.Error);

            default:
                return null;
        }
    }

    /// <summary>
    /// Commands that read the settings, exactly as the app does, but need no host: Program.cs runs them once the
    /// configuration is built and before any service is, so nothing starts, validates or connects.
    /// </summary>
    public static int? TryRunWithConfiguration(IConfiguration configuration, string[] args) =>
        args.FirstOrDefault() switch
        {
            DbEnvCommand.Name => DbEnvCommand.Run(configuration, Console.Out, Console.Error),
            _ => null,
        };

    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                try
                {
                    await DatabaseStartup.MigrateAsync(app.Services, CancellationToken.None);
                    Console.WriteLine("migrate: database is up to date.");
                    return 0;
                }
                catch (Exception ex)
                {
                    await Console.Error.WriteLineAsync($"migrate: failed: {ex.Message}");
                    return 1;
                }

            default:
                return null;
        }
    }
}
