using Contestlet.Domain.Contests;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Notifications;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Contestlet.Web.Tests.Integration.TextToWin.TextToWinKit;

namespace Contestlet.Web.Tests.Integration.TextToWin;

/// <summary>What a real SMS program does besides entries (CTIA rules, docs/product.md §3a).</summary>
public sealed class SmsProgramTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AnswersHelpAndInfoWithTheProgramTheContactAndHowToStop(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var client = app.CreateClient();

            await TextAsync(client, Phone(1).E164, "HELP");
            await TextAsync(client, Phone(2).E164, "info");

            foreach (var phone in new[] { Phone(1), Phone(2) })
            {
                var reply = Assert.Single(await RepliesToAsync(app, phone));
                Assert.Equal(NotificationType.Reply, reply.Type);
                Assert.Contains("Contestlet Test", reply.Body, StringComparison.Ordinal);
                Assert.Contains("help@contestlet.test", reply.Body, StringComparison.Ordinal);
                Assert.Contains("Reply STOP to opt out", reply.Body, StringComparison.Ordinal);
            }
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AnswersAnUnknownWordAtMostOncePerNumberPerHour(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var client = app.CreateClient();

            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => TextAsync(client, Phone(1).E164, "PIZZA")));
            await TextAsync(client, Phone(2).E164, "hello there");
            app.Time.Advance(TimeSpan.FromMinutes(59));
            await TextAsync(client, Phone(1).E164, "PIZZA");
            var withinTheHour = await RepliesToAsync(app, Phone(1));
            app.Time.Advance(TimeSpan.FromMinutes(2));
            await TextAsync(client, Phone(1).E164, "PIZZA");

            Assert.Contains("PIZZA isn't the keyword of an open contest", Assert.Single(withinTheHour).Body, StringComparison.Ordinal);
            Assert.Equal(2, (await RepliesToAsync(app, Phone(1))).Count);
            Assert.Single(await RepliesToAsync(app, Phone(2)));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task NeverRepliesToAShortCodeOurOwnNumberOrAnOptedOutNumber(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF"));
            await using (var db = app.CreateDbContext())
            {
                db.SmsOptOuts.Add(SmsOptOut.For(Phone(3), app.Time.GetUtcNow()));
                await db.SaveChangesAsync();
            }

            var client = app.CreateClient();
            foreach (var body in new[] { "SURF", "HELP", "PIZZA" })
            {
                await TextAsync(client, "72345", body);
                await TextAsync(client, OurNumber, body);
                await TextAsync(client, Phone(3).E164, body);
            }

            await using var check = app.CreateDbContext();
            Assert.Empty(await check.Notifications.ToListAsync());
            Assert.Equal(0, await EntriesAsync(app, contest.Id));
            Assert.Equal(9, await check.InboundMessages.CountAsync(m => m.Outcome == "Ignored"));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task StopOptsOutSilentlyAndEndsTheConversationAndStartOptsBackIn(string provider) =>
        WithAppAsync(provider, async app =>
        {
            await SeedAsync(app, Details("WIN", eligibility: new Eligibility { Scope = RegionScope.ListedStates, States = ["NY"] }));
            var phone = Phone(4);
            var client = app.CreateClient();
            await TextAsync(client, phone.E164, "WIN");

            await TextAsync(client, phone.E164, "stop");
            await TextAsync(client, phone.E164, "NY");
            await using (var db = app.CreateDbContext())
            {
                Assert.True(await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == phone.E164));
                Assert.Empty(await db.SmsConversations.ToListAsync());
            }

            await TextAsync(client, phone.E164, "START");

            await using var after = app.CreateDbContext();
            Assert.False(await after.SmsOptOuts.AnyAsync(o => o.PhoneE164 == phone.E164));
            Assert.Single(await RepliesToAsync(app, phone));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AddsTheHelpStopAndRatesNoticeToTheFirstTextANumberEverReceivesOnly(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var client = app.CreateClient();
            await TextAsync(client, Phone(1).E164, "HELP");
            await TextAsync(client, Phone(1).E164, "INFO");
            await using (var scope = app.Services.CreateAsyncScope())
            {
                // The sign-in code goes straight to the transport, not through the outbox: it is covered all the same.
                await scope.ServiceProvider.GetRequiredService<ISmsSender>()
                    .SendAsync(new SmsMessage(Phone(2), "Your Contestlet code is 123456"), CancellationToken.None);
                await scope.ServiceProvider.GetRequiredService<ISmsSender>()
                    .SendAsync(new SmsMessage(Phone(2), "Your Contestlet code is 654321"), CancellationToken.None);
                await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync("test", CancellationToken.None);
            }

            await using var db = app.CreateDbContext();
            var first = await db.SmsRecords.Where(r => r.ToE164 == Phone(1).E164).OrderBy(r => r.Id).Select(r => r.Body ?? "").ToListAsync();
            var second = await db.SmsRecords.Where(r => r.ToE164 == Phone(2).E164).OrderBy(r => r.Id).Select(r => r.Body ?? "").ToListAsync();
            Assert.Equal(2, first.Count);
            Assert.EndsWith(SmsContact.FirstContactNotice, first[0], StringComparison.Ordinal);
            Assert.Equal(1, CountOf(first[0], SmsContact.FirstContactNotice));
            Assert.DoesNotContain(SmsContact.FirstContactNotice, first[1], StringComparison.Ordinal);
            Assert.Equal(["Your Contestlet code is 123456 " + SmsContact.FirstContactNotice, "Your Contestlet code is 654321"], second);
        }, settings: new Dictionary<string, string?>(Settings) { ["Sms:UseMock"] = "true" });

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
