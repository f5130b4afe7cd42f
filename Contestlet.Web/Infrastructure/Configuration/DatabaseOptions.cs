using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Contestlet.Web.Infrastructure.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database the app uses. Set <c>Database:Url</c> (the DATABASE_URL form of docs/deployment-strategy.md) or Provider + ConnectionString.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite:///./contestlet_dev.db</c> or <c>postgresql://user:pass@host:port/db</c>.</summary>
    public string? Url { get; set; }

    public DatabaseProvider? Provider { get; set; }
    public string? ConnectionString { get; set; }

    /// <summary>Apply migrations at start-up (Development). Staging and Production migrate in the deploy script.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Seed demo contests when the database is empty (Development only).</summary>
    public bool SeedDemoData { get; set; }

    public ResolvedDatabase Resolve()
    {
        if (!string.IsNullOrWhiteSpace(Url))
        {
            return DatabaseUrl.Parse(Url);
        }

        if (Provider is { } provider && !string.IsNullOrWhiteSpace(ConnectionString))
        {
            return new ResolvedDatabase(provider, ConnectionString);
        }

        throw new ValidationException("Database:Url (DATABASE_URL) is not set. Use sqlite:///./file.db or postgresql://user:pass@host:port/db.");
    }
}

public sealed record ResolvedDatabase(DatabaseProvider Provider, string ConnectionString);

/// <summary>Reads the URL form of a database location (DATABASE_URL, docs/deployment-strategy.md §2).</summary>
public static class DatabaseUrl
{
    public static ResolvedDatabase Parse(string url)
    {
        url = url.Trim();
        if (url.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            var path = url["sqlite:///".Length..];
            if (path.Length == 0)
            {
                throw new ValidationException("Database:Url (DATABASE_URL) names no SQLite file: use sqlite:///./contestlet_dev.db.");
            }

            return new ResolvedDatabase(DatabaseProvider.Sqlite, $"Data Source={path}");
        }

        if (url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath.Trim('/').Length == 0)
            {
                throw new ValidationException("Database:Url (DATABASE_URL) is not a valid PostgreSQL URL: use postgresql://user:pass@host:port/db.");
            }

            var userInfo = uri.UserInfo.Split(':', 2);
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')),
                Username = userInfo.Length > 0 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : null,
                Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
            };
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                var key = Uri.UnescapeDataString(kv[0]);
                var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
                if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
                {
                    value = value.Replace("-", "", StringComparison.Ordinal); // libpq's verify-ca and verify-full
                }

                try
                {
                    builder[key.Replace('_', ' ')] = value;
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException)
                {
                    throw new ValidationException($"Database:Url (DATABASE_URL) has a parameter PostgreSQL does not accept: {key} ({ex.Message}).");
                }
            }

            return new ResolvedDatabase(DatabaseProvider.Postgres, builder.ConnectionString);
        }

        throw new ValidationException("Database:Url (DATABASE_URL) must start with sqlite:/// or postgresql://.");
    }
}
