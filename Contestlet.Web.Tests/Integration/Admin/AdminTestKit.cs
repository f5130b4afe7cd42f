using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Admin.Import;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Admin;

/// <summary>The admin feature services over a real test database, and contests with real entries.</summary>
internal static class AdminTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    public static readonly AdminActor Dana = new("+18187958204", "Dana");

    public static AdminContests AdminService(TestDatabase database, TimeProvider time) =>
        new(new TestDbContextFactory(database), time, TestSeeds.Vault, TestAdminAccess.Changes(new TestDbContextFactory(database), time),
            NullLogger<AdminContests>.Instance);

    public static TrashPurger Purger(TestDatabase database, TimeProvider time) =>
        new(new TestDbContextFactory(database), time, NullLogger<TrashPurger>.Instance);

    public static CampaignImport ImportService(TestDatabase database, TimeProvider time) =>
        new(time, TestAdminAccess.Changes(new TestDbContextFactory(database), time), NullLogger<CampaignImport>.Instance);

    public static async Task<Contest> SaveAsync(TestDatabase database, Contest contest, int entries = 0, DateTimeOffset? enteredAt = null)
    {
        await using var db = database.CreateContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        for (var i = 0; i < entries; i++)
        {
            db.Entries.Add(contest.Admit(PhoneNumber.FromE164($"+1555010{i:0000}"), new EntryRequest(null, true),
                enteredAt ?? contest.Schedule.StartsAt.AddMinutes(1)));
        }

        await db.SaveChangesAsync();
        return contest;
    }

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);
}
