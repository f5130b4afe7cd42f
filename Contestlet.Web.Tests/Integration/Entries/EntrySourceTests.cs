using System.Net;
using Contestlet.Domain.Entries;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Entries;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Entries;

/// <summary>Each entry records how it came (docs/product.md §3a); the grid, the CSV and "My entries" show it.</summary>
public sealed class EntrySourceTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RecordsTheSourceAndShowsItInTheGridTheCsvAndMyEntries(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var now = app.Time.GetUtcNow();
            var contest = TestContests.Active(now);
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var entries = Service<EntryService>(app);
            var bySms = await entries.EnterAsync(contest.Code, Phone(1), new EntryRequest(null, true, EntrySource.Sms), CancellationToken.None);
            var byWeb = await entries.EnterAsync(contest.Code, Phone(2), new EntryRequest(null, true), CancellationToken.None);

            await using (var db = app.CreateDbContext())
            {
                Assert.Equal(EntrySource.Sms, (await db.Entries.SingleAsync(e => e.Id == bySms.Entry!.Id)).Source);
                Assert.Equal(EntrySource.Web, (await db.Entries.SingleAsync(e => e.Id == byWeb.Entry!.Id)).Source);
            }

            var grid = await Service<AdminEntries>(app).PageAsync(contest.Id, new EntryQuery(0, 25), CancellationToken.None);
            Assert.Equal("SMS", grid.Rows.Single(r => r.Reference == bySms.Entry!.Reference).Source);
            Assert.Equal("Web", grid.Rows.Single(r => r.Reference == byWeb.Entry!.Reference).Source);

            using var export = await Admin.CsvExport.PostAsync(
                ClientSignedInAs(app, Contestlet.Domain.Phones.PhoneNumber.FromE164(AdminPhone), isAdmin: true), contest.Id);
            export.EnsureSuccessStatusCode();
            var csv = await export.Content.ReadAsStringAsync();
            var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var sourceColumn = lines[0].Split(',').ToList().IndexOf("source");
            Assert.True(sourceColumn >= 0, lines[0]);
            Assert.Equal("SMS", lines.Single(l => l.Contains(bySms.Entry!.Reference, StringComparison.Ordinal)).Split(',')[sourceColumn]);
            Assert.Equal("Web", lines.Single(l => l.Contains(byWeb.Entry!.Reference, StringComparison.Ordinal)).Split(',')[sourceColumn]);

            var me = await ClientSignedInAs(app, Phone(1), isAdmin: false).GetAsync("/me");
            var page = await me.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("data-testid=\"entry-source\">SMS<", page, StringComparison.Ordinal);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RowsWrittenWithoutASourceAreWeb(string provider) =>
        WithAppAsync(provider, async app =>
        {
            // What the previous release (which knows no source) writes during a blue-green switch, and what existing rows become.
            var now = app.Time.GetUtcNow();
            var contest = TestContests.Active(now);
            await using var db = app.CreateDbContext();
            db.Contests.Add(contest);
            await db.SaveChangesAsync();

            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO entries ("ContestId", "PhoneE164", "PhoneLast4", "PeriodKey", "Reference", "EnteredAt")
                VALUES ({contest.Id}, {"+15550109999"}, {"9999"}, {"contest"}, {"E-OLDROW22"}, {now})
                """);

            Assert.Equal(EntrySource.Web, (await db.Entries.AsNoTracking().SingleAsync(e => e.Reference == "E-OLDROW22")).Source);
        });
}
