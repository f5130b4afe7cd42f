using System.Net;
using Contestlet.Domain.Common;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Winners;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Winners;

/// <summary>A winner's claim: the service and the claim page.</summary>
public sealed class ClaimServiceTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ClaimsWithTheWinningNumberOnlyAndBeforeTheDeadline(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 10, winners: 1);
            var draws = Service<DrawService>(app);
            var claims = Service<ClaimService>(app);
            var winners = Service<WinnerNotifications>(app);
            var draw = (await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            string token;
            await using (var db = app.CreateDbContext())
            {
                token = TokenIn((await db.Notifications.SingleAsync(n => n.ContestId == contest.Id)).Body);
            }

            var winnerPhone = Phone(entries.FindIndex(e => e.Id == draw.Winners[0]));
            var otherPhone = Phone(entries.FindIndex(e => e.Id != draw.Winners[0]));

            var before = await claims.FindClaimAsync(token, CancellationToken.None);
            var wrongNumber = await Assert.ThrowsAsync<DomainRuleException>(() =>
                claims.ClaimAsync(token, otherPhone, "Ana Reyes", "ana@example.com", CancellationToken.None));
            var claimed = await claims.ClaimAsync(token, winnerPhone, "Ana Reyes", "ana@example.com", CancellationToken.None);
            await Assert.ThrowsAsync<DomainRuleException>(() =>
                claims.ClaimAsync(token, winnerPhone, "Ana Reyes", "ana@example.com", CancellationToken.None));

            Assert.Equal(ClaimState.Claimable, before!.State);
            Assert.Equal(winnerPhone.Masked, before.MaskedPhone);
            Assert.Contains(winnerPhone.Masked, wrongNumber.Message, StringComparison.Ordinal);
            Assert.Equal(ClaimState.Claimed, claimed.State);
            Assert.Null(await claims.FindClaimAsync((token[0] == 'A' ? "B" : "A") + token[1..], CancellationToken.None));
            Assert.Null(await claims.FindClaimAsync("nonsense", CancellationToken.None));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ClaimPageIsNotFoundGivenUnknownTokenAndSaysForfeitedAfterDeadline(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 5, claimWindowHours: 1);
            var draws = Service<DrawService>(app);
            var winners = Service<WinnerNotifications>(app);
            await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            string token;
            await using (var db = app.CreateDbContext())
            {
                token = TokenIn((await db.Notifications.SingleAsync(n => n.ContestId == contest.Id)).Body);
            }

            var client = app.CreateBrowserlessClient();
            var unknown = await client.GetAsync("/claim/" + new string('x', 43));
            var open = await client.GetStringAsync("/claim/" + token);
            app.Time.Advance(TimeSpan.FromHours(1));
            var late = await client.GetStringAsync("/claim/" + token);

            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("You won!", open, StringComparison.Ordinal);
            Assert.Contains("Send code", open, StringComparison.Ordinal);
            Assert.Contains("forfeited", late, StringComparison.Ordinal);
        });
}
