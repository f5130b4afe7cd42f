using System.Net;
using Contestlet.Web.Features.Draws;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Draws;

public sealed class ResultsPageTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ResultsPageIsNotFoundBeforeTheDrawAndPublishesVerificationAfter(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 12, winners: 2);
            var client = app.CreateBrowserlessClient();

            var before = await client.GetAsync($"/c/{contest.Code}/results");
            var draw = (await Service<DrawService>(app).DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            var after = await client.GetAsync($"/c/{contest.Code}/results");
            var html = WebUtility.HtmlDecode(await after.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Contains(draw.Seed, html, StringComparison.Ordinal);
            Assert.Contains(draw.EntryListHash, html, StringComparison.Ordinal);
            Assert.Contains(draw.SeedCommitment, html, StringComparison.Ordinal);
            Assert.Contains("verify-draw", html, StringComparison.Ordinal);
            Assert.Contains("+1•••••", html, StringComparison.Ordinal);
            Assert.DoesNotContain("+1555010", html, StringComparison.Ordinal);
        });
}
