using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Contestlet.Bench.Admin;

/// <summary>
/// A fresh, empty database for one run: a new SQLite file, or a new database on the PostgreSQL server. Dropped at the end.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _postgresServer;
    private readonly string? _postgresName;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? sqlitePath, string? postgresServer, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _postgresServer = postgresServer;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(AdminBenchOptions options)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(options.SqliteDirectory);
            var path = Path.Combine(options.SqliteDirectory, $"admin-bench-{Guid.NewGuid():N}.db");
            // The app's own form (DATABASE_URL sqlite:///path), with the busy timeout the tests use.
            return new BenchDatabase(DatabaseProvider.Sqlite, $"Data Source={path};Default Timeout=60", path, null, null);
        }

        var name = $"contestlet_admin_bench_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(options.PostgresServer))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(options.PostgresServer) { Database = name }.ConnectionString;
        return new BenchDatabase(DatabaseProvider.Postgres, connectionString, null, options.PostgresServer, name);
    }

    /// <summary>Leaves the database in place when disposed.</summary>
    public bool Keep { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Keep)
        {
            return;
        }

        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            {
                File.Delete(file);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_postgresServer);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
