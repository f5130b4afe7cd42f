using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.Data;

/// <summary>The app's SQLite connections: write-ahead logging with synchronous=NORMAL (docs/decisions/029-sqlite-synchronous-normal.md).</summary>
public sealed class SqliteSettingsTests
{
    [Fact]
    public Task EveryConnectionOfTheAppRunsInWalModeWithSynchronousNormal() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            // Two contexts in turn: the setting is per connection, so it must hold for each one the app opens, not only the first.
            for (var i = 0; i < 2; i++)
            {
                await using var db = app.CreateDbContext();
                await db.Database.OpenConnectionAsync();
                Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
                // 1 is NORMAL (0 OFF, 2 FULL, the default, 3 EXTRA).
                Assert.Equal("1", await ScalarAsync(db, "PRAGMA synchronous;"));
            }
        });

    private static async Task<string?> ScalarAsync(DbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
