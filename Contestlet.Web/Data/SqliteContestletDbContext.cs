using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Contestlet.Web.Data;

public sealed class SqliteContestletDbContext(DbContextOptions<SqliteContestletDbContext> options) : ContestletDbContext(options)
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    /// <summary>SQLite cannot compare DateTimeOffset in SQL; UTC ticks compare and order correctly.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
