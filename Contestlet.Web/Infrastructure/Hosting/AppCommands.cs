namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// Commands of the app itself, run instead of the web server: <c>dotnet Contestlet.Web.dll migrate</c> applies
/// pending migrations for the configured provider (the deploy scripts' step) and exits non-zero on failure.
/// </summary>
public static class AppCommands
{
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
