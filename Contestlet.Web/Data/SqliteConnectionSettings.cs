using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Contestlet.Web.Data;

/// <summary>
/// SQLite's per-connection settings, applied as each connection opens: <c>synchronous=NORMAL</c>, the setting SQLite
/// recommends with write-ahead logging (which <see cref="Infrastructure.Hosting.DatabaseStartup"/> turns on). The default,
/// FULL, flushes the log to disk at every commit, and a commit is then mostly waiting for the disk: in the keyword bench
/// a quarter of the app's samples were in the kernel's fsync and scheduling, with the single writer held meanwhile. With
/// NORMAL the log is flushed at checkpoints; a commit stays atomic and the database consistent after a crash of the app
/// or the machine, but the last commits before a power cut may be lost. SQLite is the development and test database
/// only (Staging and Production refuse it at start-up), so that trade is right here; PostgreSQL keeps its own durable
/// commits. docs/decisions/029-sqlite-synchronous-normal.md.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
