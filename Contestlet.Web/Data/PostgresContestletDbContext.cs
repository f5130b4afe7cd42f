using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Data;

public sealed class PostgresContestletDbContext(DbContextOptions<PostgresContestletDbContext> options) : ContestletDbContext(options)
{
    public override DatabaseKind Kind => DatabaseKind.Postgres;
}
