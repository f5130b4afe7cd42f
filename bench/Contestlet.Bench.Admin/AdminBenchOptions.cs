using System.Globalization;
using Contestlet.Web.Infrastructure.Configuration;

namespace Contestlet.Bench.Admin;

/// <param name="PostgresServer">A connection string of a role that may CREATE DATABASE (the private test server by default).</param>
/// <param name="SqliteDirectory">Where the fresh SQLite file goes; the caller removes it.</param>
/// <param name="Keep">Keep the database afterwards and print its connection string, to look at query plans.</param>
/// <param name="Mode">"admin" (grid, export, draw), "entry-floor" (the entry operation against a raw replay of its statements) or
/// "insight-seed" (the database of run-insight-bench.sh, kept).</param>
/// <param name="Concurrency">Workers for the entry floor.</param>
/// <param name="Contests">How many contests "insight-seed" creates (one of them with <paramref name="Entries"/> entries).</param>
/// <param name="Preload">Entries already in each contest of the entry floor before it measures (bulk-loaded; 0: empty contests).</param>
public sealed record AdminBenchOptions(DatabaseProvider Provider, int Entries, int Runs, int WarmUps, string PostgresServer, string SqliteDirectory,
    bool Keep, string Mode = "admin", int Concurrency = 32, int Contests = 1000, int Preload = 0)
{
    public const string DefaultPostgresServer =
        "Host=127.0.0.1;Port=54329;Username=contestlet;Password=contestlet;Database=postgres;Timeout=60;Command Timeout=600";

    public static AdminBenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (!values.TryGetValue("--provider", out var provider) || !values.TryGetValue("--entries", out var entries)
            || !Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed))
        {
            return null;
        }

        return new AdminBenchOptions(
            parsed,
            int.Parse(entries, CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--runs", "20"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--warmups", "3"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("--pg-server")
                ?? (Environment.GetEnvironmentVariable("CONTESTLET_TEST_PG") is { Length: > 0 } pg ? pg : DefaultPostgresServer),
            values.GetValueOrDefault("--sqlite-dir") ?? Path.GetTempPath(),
            values.GetValueOrDefault("--keep") == "true",
            values.GetValueOrDefault("--mode", "admin"),
            int.Parse(values.GetValueOrDefault("--concurrency", "32"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--contests", "1000"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--preload", "0"), CultureInfo.InvariantCulture));
    }
}
