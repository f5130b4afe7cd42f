using Contestlet.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>
/// A real, freshly migrated database for one test class: a SQLite file in the temp folder, or a new database on the
/// PostgreSQL server that scripts/test.sh starts (CONTESTLET_TEST_PG). Never an in-memory fake.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    public abstract DatabaseKind Kind { get; }
    public abstract string ConnectionString { get; }

    /// <summary>Settings that point an app host at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Url"] = "",
        ["Database:Provider"] = Kind == DatabaseKind.Sqlite ? "Sqlite" : "Postgres",
        ["Database:ConnectionString"] = ConnectionString,
        ["Database:MigrateOnStart"] = "false",
        ["Database:SeedDemoData"] = "false",
    };

    public abstract ContestletDbContext CreateContext();

    public virtual async Task InitializeAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    public abstract Task DisposeAsync();

    public override string ToString() => Kind.ToString();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "contestlet-tests", $"{Guid.NewGuid():N}.db");

    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    // A busy timeout like the app's, so concurrent writers wait for each other instead of failing at once.
    public override string ConnectionString => $"Data Source={_path};Default Timeout=60";

    public override ContestletDbContext CreateContext() =>
        new SqliteContestletDbContext(new DbContextOptionsBuilder<SqliteContestletDbContext>().UseSqlite(ConnectionString).Options);

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await base.InitializeAsync();
        await using var db = CreateContext();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    public const string ServerVariable = "CONTESTLET_TEST_PG";
    private readonly string _name = $"contestlet_test_{Guid.NewGuid():N}";

    public override DatabaseKind Kind => DatabaseKind.Postgres;

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _name }.ConnectionString;

    /// <summary>The server from scripts/test.sh. Missing means the suite was started the wrong way: fail loudly, never skip.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with scripts/test.sh, which installs and starts PostgreSQL, " +
                $"or set {ServerVariable} to a connection string of a role that may CREATE DATABASE.");

    public override ContestletDbContext CreateContext() =>
        new PostgresContestletDbContext(new DbContextOptionsBuilder<PostgresContestletDbContext>().UseNpgsql(ConnectionString).Options);

    public override async Task InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(ServerConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
