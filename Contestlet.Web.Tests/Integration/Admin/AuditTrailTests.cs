using Contestlet.Domain.Audit;
using Contestlet.Web.Features.Admin.Audit;
using static Contestlet.Web.Tests.Integration.Admin.AdminTestKit;

namespace Contestlet.Web.Tests.Integration.Admin;

public sealed class AuditTrailTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FiltersByContestAndOffersEachContestUnderItsLatestName(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var radio = await SaveAsync(database, TestContests.Active(Now, name: "Radio Hour"));
            var surf = await SaveAsync(database, TestContests.Active(Now, name: "Surf Pass"));
            await using (var db = database.CreateContext())
            {
                db.AuditLog.Add(AuditEntry.For(radio, AuditAction.Created, Dana.PhoneE164, "Dana", Now));
                db.AuditLog.Add(AuditEntry.For(surf, AuditAction.Created, Dana.PhoneE164, "Dana", Now.AddMinutes(1)));
                await db.SaveChangesAsync();
            }

            radio.Edit(TestContests.Details(name: "Radio Hour (renamed)"), radio.Schedule, Now.AddMinutes(2));
            await using (var db = database.CreateContext())
            {
                db.AuditLog.Add(AuditEntry.For(radio, AuditAction.Edited, Dana.PhoneE164, "Dana", Now.AddMinutes(2)));
                await db.SaveChangesAsync();
            }

            var trail = new AuditTrail(new TestDbContextFactory(database));
            var offered = await trail.ContestsAsync(CancellationToken.None);
            var radioOnly = await trail.PageAsync(0, 50, radio.Id, CancellationToken.None);
            var everything = await trail.PageAsync(0, 50, null, CancellationToken.None);

            Assert.Equal([(surf.Id, "Surf Pass"), (radio.Id, "Radio Hour (renamed)")], offered.Select(c => (c.Id, c.Name)).ToArray());
            Assert.Equal([AuditAction.Edited, AuditAction.Created], radioOnly.Rows.Select(r => r.Action).ToArray());
            Assert.Equal(2, radioOnly.Total);
            Assert.Equal(3, everything.Total);
        });
}
