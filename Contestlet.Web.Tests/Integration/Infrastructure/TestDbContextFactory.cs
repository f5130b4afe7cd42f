using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>Lets a feature service run directly over a test database, without a whole app host.</summary>
public sealed class TestDbContextFactory(TestDatabase database) : IDbContextFactory<ContestletDbContext>
{
    public ContestletDbContext CreateDbContext() => database.CreateContext();
}
