using System.Data.Common;
using Contestlet.Domain.Audit;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Tests.Integration.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Contestlet.Web.Tests.Integration.Data;

/// <summary>
/// PostgreSQL's retry on transient failures (EnableRetryOnFailure, docs/decisions/022-admin-actions-and-retries.md): a
/// command that fails once as a dropped connection would is retried, and because every hand-opened transaction runs inside
/// the execution strategy the whole unit is replayed — the change lands exactly once. SQLite has no retrying strategy: the
/// failure reaches the caller and nothing is half-written.
/// </summary>
public sealed class TransientFailureRetryTests
{
    private static readonly Features.Admin.AdminActor Dana = new("+15551234567", "Dana");

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task PublishesOnceGivenTheAuditInsertFailingOnceAsTransient(string provider) =>
        WithFailingCommandAsync(provider, "audit_log", async (services, failure) =>
        {
            var contest = await AdminTestKit.SaveAsync(services.Database, TestContests.Draft(services.Now, "Draft"));

            await using var scope = services.App.Services.CreateAsyncScope();
            var publish = scope.ServiceProvider.GetRequiredService<AdminContests>().PublishAsync(contest.Id, Dana, CancellationToken.None);

            await using var db = services.CreateDbContext();
            if (provider == "Postgres")
            {
                Assert.True((await publish).Succeeded);
                Assert.Equal(1, failure.Thrown);
                Assert.NotNull(await db.Contests.AsNoTracking().Where(c => c.Id == contest.Id).Select(c => c.PublishedAt).SingleAsync());
                Assert.Equal(1, await db.AuditLog.CountAsync(a => a.ContestId == contest.Id && a.Action == AuditAction.Published));
            }
            else
            {
                await Assert.ThrowsAnyAsync<Exception>(() => publish);
                Assert.Null(await db.Contests.AsNoTracking().Where(c => c.Id == contest.Id).Select(c => c.PublishedAt).SingleAsync());
                Assert.Equal(0, await db.AuditLog.CountAsync(a => a.ContestId == contest.Id));
            }
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task EntersOnceGivenTheEntryInsertFailingOnceAsTransient(string provider) =>
        WithFailingCommandAsync(provider, "entries", async (services, failure) =>
        {
            var contest = await AdminTestKit.SaveAsync(services.Database, TestContests.Active(services.Now));

            await using var scope = services.App.Services.CreateAsyncScope();
            var entering = scope.ServiceProvider.GetRequiredService<EntryService>()
                .EnterAsync(contest.Code, PhoneNumber.FromE164("+15550108204"), new EntryRequest(null, true), CancellationToken.None);

            await using var db = services.CreateDbContext();
            if (provider == "Postgres")
            {
                Assert.Equal(EntryResult.Accepted, (await entering).Result);
                Assert.Equal(1, failure.Thrown);
                // The counter's increment was rolled back with the failed insert and made again by the retry, once.
                Assert.Equal(1, await db.Contests.AsNoTracking().Where(c => c.Id == contest.Id).Select(c => c.EntryCount).SingleAsync());
                Assert.Equal(1, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
            }
            else
            {
                await Assert.ThrowsAnyAsync<Exception>(() => entering);
                Assert.Equal(0, await db.Contests.AsNoTracking().Where(c => c.Id == contest.Id).Select(c => c.EntryCount).SingleAsync());
                Assert.Equal(0, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
            }
        });

    private sealed record AppWithFailure(ContestletAppFactory Parent, WebApplicationFactory<Program> App)
    {
        public TestDatabase Database => Parent.Database;

        public DateTimeOffset Now => Parent.Time.GetUtcNow();

        public ContestletDbContext CreateDbContext() => App.Services.GetRequiredService<IDbContextFactory<ContestletDbContext>>().CreateDbContext();
    }

    /// <summary>The app with <see cref="FailOnce"/> among its EF Core interceptors, armed for inserts into <paramref name="table"/>.</summary>
    private static Task WithFailingCommandAsync(string provider, string table, Func<AppWithFailure, FailOnce, Task> test) =>
        DatabaseProviders.WithAppAsync(provider, async parent =>
        {
            var failure = new FailOnce($"INSERT INTO {table} ", $"INSERT INTO \"{table}\" ");
            await using var app = parent.WithWebHostBuilder(builder =>
                builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(failure)));
            await test(new AppWithFailure(parent, app), failure);
        });

    /// <summary>Throws, once, the exception a dropped connection gives (an NpgsqlException whose cause is an I/O error: transient).</summary>
    private sealed class FailOnce(params string[] commandStarts) : DbCommandInterceptor
    {
        private int _thrown;

        public int Thrown => _thrown;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }

        private void Check(DbCommand command)
        {
            if (commandStarts.Any(start => command.CommandText.Contains(start, StringComparison.Ordinal)) && Interlocked.Exchange(ref _thrown, 1) == 0)
            {
                throw new NpgsqlException("Simulated dropped connection", new IOException("Connection reset by peer"));
            }
        }
    }
}
