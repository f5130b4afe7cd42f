using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Contestlet.Web.Data;

// Used only by `dotnet ef` to build each provider's model for its migrations; no database is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteContestletDbContext>
{
    public SqliteContestletDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteContestletDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresContestletDbContext>
{
    public PostgresContestletDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresContestletDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
