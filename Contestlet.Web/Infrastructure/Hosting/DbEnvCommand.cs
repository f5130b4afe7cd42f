using System.ComponentModel.DataAnnotations;
using Contestlet.Web.Infrastructure.Configuration;
using Npgsql;

namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// <c>dotnet Contestlet.Web.dll db-env</c>: the configured PostgreSQL database as libpq's environment variables, read
/// from the settings exactly as the app reads them (<see cref="DatabaseOptions.Resolve"/>), so the scripts that run
/// pg_dump, pg_restore or psql need no URL parser of their own (scripts/lib/deploy-common.sh evaluates the output).
/// Prints one <c>export NAME='value'</c> (or <c>unset NAME</c>) line per variable, single-quoted for the shell. The
/// password goes to standard output only, for the caller to evaluate, never to a log. Starts no host and opens no
/// connection. SQLite, an unset database or a malformed URL: a message on standard error and exit code 2.
/// </summary>
public static class DbEnvCommand
{
    public const string Name = "db-env";

    public const int Refused = 2;

    public static int Run(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        NpgsqlConnectionStringBuilder connection;
        try
        {
            var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
            var database = options.Resolve();
            if (database.Provider != DatabaseProvider.Postgres)
            {
                return Refuse(error, "the configured database (Database:Url, DATABASE_URL) is SQLite; db-env describes a PostgreSQL database (postgresql://user:pass@host:port/db).");
            }

            connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        }
        catch (Exception ex) when (ex is ValidationException or ArgumentException or FormatException or InvalidOperationException)
        {
            return Refuse(error, ex.Message);
        }

        if (string.IsNullOrEmpty(connection.Host))
        {
            return Refuse(error, "the configured PostgreSQL database names no host.");
        }

        if (string.IsNullOrEmpty(connection.Database))
        {
            return Refuse(error, "the configured PostgreSQL database names no database (postgresql://user:pass@host:port/db).");
        }

        Export(output, "PGHOST", UnbracketedHost(connection.Host));
        Export(output, "PGPORT", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Export(output, "PGDATABASE", connection.Database);
        Export(output, "PGUSER", connection.Username);
        Export(output, "PGPASSWORD", connection.Password);
        Export(output, "PGSSLMODE", LibpqSslMode(connection.SslMode));
        Export(output, "PGSSLROOTCERT", connection.RootCertificate);
        Export(output, "PGAPPNAME", connection.ApplicationName);
        return 0;
    }

    /// <summary>Single quotes keep everything literal; a quote inside becomes <c>'\''</c>.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Export(TextWriter output, string name, string? value) =>
        output.WriteLine(string.IsNullOrEmpty(value) ? $"unset {name}" : $"export {name}={ShellQuote(value)}");

    private static int Refuse(TextWriter error, string reason)
    {
        error.WriteLine($"{Name}: {reason}");
        return Refused;
    }

    // A URL's IPv6 host keeps its brackets ([::1]); libpq wants the bare address.
    private static string UnbracketedHost(string host) =>
        host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;

    private static string LibpqSslMode(SslMode mode) => mode switch
    {
        SslMode.Disable => "disable",
        SslMode.Allow => "allow",
        SslMode.Require => "require",
        SslMode.VerifyCA => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => "prefer",
    };
}
