namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>Theory data: run a test once on SQLite and once on PostgreSQL.</summary>
public static class DatabaseProviders
{
    public static TheoryData<string> Both => new() { "Sqlite", "Postgres" };

    public static TestDatabase Create(string provider) => provider switch
    {
        "Sqlite" => new SqliteTestDatabase(),
        "Postgres" => new PostgresTestDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Creates, migrates, runs <paramref name="test"/> and drops a fresh database.</summary>
    public static async Task WithDatabaseAsync(string provider, Func<TestDatabase, Task> test)
    {
        var database = Create(provider);
        await database.InitializeAsync();
        try
        {
            await test(database);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>Like <see cref="WithDatabaseAsync"/>, with the real app running over that database.</summary>
    public static Task WithAppAsync(string provider, Func<ContestletAppFactory, Task> test, string environment = "Development",
        IReadOnlyDictionary<string, string?>? settings = null) =>
        WithDatabaseAsync(provider, async database =>
        {
            await using var app = new ContestletAppFactory(database, environment, settings);
            await test(app);
        });
}
