using System.Net;
using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Winners;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Winners;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Winners;

/// <summary>Every draw and winners step leaves its audit row (docs/product.md §4); a refused step leaves none.</summary>
public sealed class WinnersAuditTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RecordsDisqualificationDrawNotifyAndClaimWithWhoDidThem(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 10, winners: 2);
            var draws = Service<DrawService>(app);
            var claims = Service<ClaimService>(app);
            var winners = Service<WinnerNotifications>(app);

            await Service<AdminEntries>(app).DisqualifyAsync(contest.Id, entries[0].Id, "Entered under two numbers", Dana, CancellationToken.None).DoneAsync();
            var draw = (await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            await draws.DrawAsync(contest.Id, OtherAdmin, CancellationToken.None).DoneAsync();
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            await winners.NotifyWinnersAsync(contest.Id, OtherAdmin, CancellationToken.None).DoneAsync();
            var winnerIndex = entries.FindIndex(e => e.Id == draw.Winners[0]);
            await claims.ClaimAsync(await TokenForAsync(app, draw.Winners[0]), Phone(winnerIndex), "Ana Reyes", "ana@example.com", CancellationToken.None);

            var log = await AuditAsync(app, contest.Id);
            Assert.Equal([AuditAction.EntryDisqualified, AuditAction.Drawn, AuditAction.WinnersNotified, AuditAction.PrizeClaimed],
                log.Select(a => a.Action));
            Assert.All(log.Take(3), a => Assert.Equal((AdminPhone, "Dana", "Dana"), (a.Actor, a.ActorName, a.ShownActor)));
            Assert.All(log, a => Assert.Equal((contest.Id, contest.Name, app.Time.GetUtcNow()), (a.ContestId!.Value, a.ContestName, a.At)));
            Assert.Equal($"{entries[0].Reference} (+1•••••0000): Entered under two numbers", log[0].Detail);
            Assert.Equal("2 winner(s) and 2 alternate(s) from 9 eligible entries", log[1].Detail);
            Assert.Equal("2 winner text(s) queued (slot 1, 2)", log[2].Detail);
            Assert.Equal((AuditEntry.ContestantActor, null, "contestant"), (log[3].Actor, log[3].ActorName, log[3].ShownActor));
            Assert.Equal($"Slot 1 claimed by {Phone(winnerIndex).Masked}", log[3].Detail);
            Assert.All(log, a => Assert.DoesNotContain(entries.Select(e => e.PhoneE164), phone => (a.Actor + a.Detail).Contains(phone, StringComparison.Ordinal)));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task WritesNoAuditRowGivenRefusedSteps(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 6, winners: 1, claimWindowHours: 24);
            var draws = Service<DrawService>(app);
            var claims = Service<ClaimService>(app);
            var winners = Service<WinnerNotifications>(app);
            var open = TestContests.Active(app.Time.GetUtcNow(), name: "Still open");
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(open);
                await db.SaveChangesAsync();
            }

            await draws.DrawAsync(open.Id, Dana, CancellationToken.None).RefusedAsync();
            var draw = (await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            await Service<AdminEntries>(app).DisqualifyAsync(contest.Id, entries[1].Id, "Too late", Dana, CancellationToken.None).RefusedAsync();
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            var again = await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            var token = await TokenForAsync(app, draw.Winners[0]);
            var winnerPhone = Phone(entries.FindIndex(e => e.Id == draw.Winners[0]));
            var otherPhone = Phone(entries.FindIndex(e => e.Id != draw.Winners[0]));
            await Assert.ThrowsAsync<DomainRuleException>(() => claims.ClaimAsync(token, otherPhone, "Eve", "eve@example.com", CancellationToken.None));
            app.Time.Advance(TimeSpan.FromHours(24));
            await Assert.ThrowsAsync<DomainRuleException>(() => claims.ClaimAsync(token, winnerPhone, "Ana", "ana@example.com", CancellationToken.None));

            Assert.Equal(0, again);
            Assert.Empty(await AuditAsync(app, open.Id));
            Assert.Equal([AuditAction.Drawn, AuditAction.WinnersNotified], (await AuditAsync(app, contest.Id)).Select(a => a.Action));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RecordsForfeitureAndPromotionAsTheForfeitureJob(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 10, winners: 1, alternates: 2, claimWindowHours: 24);
            var draws = Service<DrawService>(app);
            var winners = Service<WinnerNotifications>(app);
            var draw = (await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();

            app.Time.Advance(TimeSpan.FromHours(24));
            await Service<ForfeitureJob>(app).RunOnceAsync(CancellationToken.None);

            var log = (await AuditAsync(app, contest.Id)).Skip(2).ToList();
            Assert.Equal([AuditAction.PrizeForfeited, AuditAction.AlternatePromoted], log.Select(a => a.Action));
            Assert.All(log, a => Assert.Equal((AuditEntry.SystemActor, "system (forfeiture job)"), (a.Actor, a.ShownActor)));
            Assert.Equal($"Slot 1: {MaskOf(entries, draw.Winners[0])} — Not claimed by the deadline", log[0].Detail);
            Assert.Equal($"Slot 1: alternate #1 ({MaskOf(entries, draw.Alternates[0])}), texted", log[1].Detail);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RecordsAdminsWinnerDisqualificationWithReasonAndTheEmptySlot(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 5, winners: 1, alternates: 1);
            var draws = Service<DrawService>(app);
            var winners = Service<WinnerNotifications>(app);
            var draw = (await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            long first;
            await using (var db = app.CreateDbContext())
            {
                first = await db.PrizeAwards.Where(a => a.ContestId == contest.Id).Select(a => a.Id).SingleAsync();
            }

            var second = await winners.ReplaceAsync(first, AwardStatus.Disqualified, "Under age", Dana, CancellationToken.None).DoneAsync();
            await winners.ReplaceAsync(second!.Id, AwardStatus.Forfeited, "Declined the prize", OtherAdmin, CancellationToken.None).DoneAsync();
            await winners.ReplaceAsync(second.Id, AwardStatus.Forfeited, "Twice", Dana, CancellationToken.None).RefusedAsync();

            var log = (await AuditAsync(app, contest.Id)).Skip(1).ToList();
            Assert.Equal([AuditAction.WinnerDisqualified, AuditAction.AlternatePromoted, AuditAction.PrizeForfeited], log.Select(a => a.Action));
            Assert.Equal($"Slot 1: {MaskOf(entries, draw.Winners[0])} — Under age", log[0].Detail);
            Assert.Equal($"Slot 1: alternate #1 ({MaskOf(entries, draw.Alternates[0])})", log[1].Detail);
            Assert.Equal($"Slot 1: {MaskOf(entries, draw.Alternates[0])} — Declined the prize; no alternate left", log[2].Detail);
            Assert.Equal(["Dana", "Dana", OtherAdmin.Masked], log.Select(a => a.ShownActor));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RecordsEachCsvExportWithWhetherPhonesWereFull(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 2);
            var client = ClientSignedInAs(app, PhoneNumber.FromE164(AdminPhone), isAdmin: true);

            var masked = await Admin.CsvExport.PostAsync(client, contest.Id);
            var full = await Admin.CsvExport.PostAsync(client, contest.Id, fullPhones: true);
            // A form for another contest's id: the page of a contest that does not exist has no form, so post a real token there.
            var missing = await client.PostAsync(AdminEntryEndpoints.CsvPath(contest.Id + 1000), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await TokenFromAsync(client, contest.Id),
            }));

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (masked.StatusCode, full.StatusCode, missing.StatusCode));
            var log = await AuditAsync(app, contest.Id);
            Assert.Equal([AuditAction.EntriesExported, AuditAction.EntriesExported], log.Select(a => a.Action));
            Assert.Equal(["CSV with masked phone numbers", "CSV with full phone numbers"], log.Select(a => a.Detail));
            Assert.All(log, a => Assert.Equal(AdminPhone, a.Actor));
            await using var db = app.CreateDbContext();
            Assert.Equal(2, await db.AuditLog.CountAsync());
        });

    private static async Task<string> TokenFromAsync(HttpClient client, int contestId)
    {
        var page = await client.GetStringAsync($"/admin/contests/{contestId}/entries");
        return System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    }

    private static async Task<List<AuditEntry>> AuditAsync(ContestletAppFactory app, int contestId)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditLog.AsNoTracking().Where(a => a.ContestId == contestId).OrderBy(a => a.Id).ToListAsync();
    }

    private static async Task<string> TokenForAsync(ContestletAppFactory app, long entryId)
    {
        await using var db = app.CreateDbContext();
        var text = await db.Notifications.AsNoTracking().Where(n => n.EntryId == entryId).OrderByDescending(n => n.Id).FirstAsync();
        return TokenIn(text.Body);
    }

    private static string MaskOf(List<Contestlet.Domain.Entries.Entry> entries, long entryId) =>
        PhoneNumber.Mask(entries.Single(e => e.Id == entryId).PhoneE164);
}
