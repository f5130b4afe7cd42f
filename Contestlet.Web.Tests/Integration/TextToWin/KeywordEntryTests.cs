using System.Net;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Notifications;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Features.TextToWin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Contestlet.Web.Tests.Integration.TextToWin.TextToWinKit;

namespace Contestlet.Web.Tests.Integration.TextToWin;

/// <summary>Entering by text through signed webhooks (docs/product.md §3a), on SQLite and PostgreSQL.</summary>
public sealed class KeywordEntryTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task EntersTheSenderAndRepliesOnceWithReferenceDrawTimeAndResultsLinkGivenAnOpenContestsKeyword(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF"));
            var phone = Phone(1);

            var status = await TextAsync(app.CreateClient(), phone.E164, "  surf please ");

            Assert.Equal(HttpStatusCode.OK, status);
            await using var db = app.CreateDbContext();
            var entry = await db.Entries.SingleAsync(e => e.ContestId == contest.Id);
            Assert.Equal(phone.E164, entry.PhoneE164);
            Assert.Equal(EntrySource.Sms, entry.Source);
            var reply = Assert.Single(await RepliesToAsync(app, phone));
            Assert.Equal(NotificationType.EntryConfirmation, reply.Type);
            Assert.Equal(entry.Id, reply.EntryId);
            Assert.Contains(contest.Name, reply.Body, StringComparison.Ordinal);
            Assert.Contains(entry.Reference, reply.Body, StringComparison.Ordinal);
            Assert.Contains(contest.Schedule.FormatEnd(), reply.Body, StringComparison.Ordinal);
            Assert.Contains($"{SiteBase}/c/{contest.Code}/results", reply.Body, StringComparison.Ordinal);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RepliesOnceWithTheWebsSentenceAndEntersNobodyGivenAContestThatCannotBeEntered(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var now = app.Time.GetUtcNow();
            var upcoming = await SeedAsync(app, Details("SOON", "Soon Contest"), new ContestSchedule(now.AddDays(1), now.AddDays(2), "America/New_York"));
            var ended = await SeedAsync(app, Details("OVER", "Over Contest"), new ContestSchedule(now.AddDays(-2), now.AddDays(-1), "America/New_York"),
                now.AddDays(-3));
            var full = await SeedAsync(app, Details("FULL", "Full Contest", new Eligibility { TotalEntryCap = 1 }));
            var states = await SeedAsync(app, Details("EAST", "East Contest", new Eligibility { Scope = RegionScope.ListedStates, States = ["NY"] }));
            await Service<EntryService>(app).EnterAsync(full.Code, Phone(99), new EntryRequest(null, true), CancellationToken.None);
            var client = app.CreateClient();

            await TextAsync(client, Phone(1).E164, "SOON");
            await TextAsync(client, Phone(2).E164, "over");
            await TextAsync(client, Phone(3).E164, "Full");
            await TextAsync(client, Phone(4).E164, "EAST CA");

            Assert.Contains("isn't open yet", Assert.Single(await RepliesToAsync(app, Phone(1))).Body, StringComparison.Ordinal);
            Assert.Contains("Entries closed", Assert.Single(await RepliesToAsync(app, Phone(2))).Body, StringComparison.Ordinal);
            Assert.Contains("reached its entry limit", Assert.Single(await RepliesToAsync(app, Phone(3))).Body, StringComparison.Ordinal);
            Assert.Contains("only open to residents of New York", Assert.Single(await RepliesToAsync(app, Phone(4))).Body, StringComparison.Ordinal);
            foreach (var contest in new[] { upcoming, ended, states })
            {
                Assert.Equal(0, await EntriesAsync(app, contest.Id));
            }

            Assert.Equal(1, await EntriesAsync(app, full.Id));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AnswersAlreadyEnteredGivenTheWebEntryComesFirst(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF"));
            var phone = Phone(7);
            var web = await Service<EntryService>(app).EnterAsync(contest.Code, phone, new EntryRequest(null, true), CancellationToken.None);

            await TextAsync(app.CreateClient(), phone.E164, "SURF");

            var reply = Assert.Single(await RepliesToAsync(app, phone));
            Assert.Equal(NotificationType.Reply, reply.Type);
            Assert.Contains("already entered", reply.Body, StringComparison.Ordinal);
            Assert.Contains(web.Entry!.Reference, reply.Body, StringComparison.Ordinal);
            await using var db = app.CreateDbContext();
            var entry = await db.Entries.SingleAsync(e => e.ContestId == contest.Id);
            Assert.Equal(EntrySource.Web, entry.Source);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task MakesOneEntryAndOneEnteredReplyGivenFiftySimultaneousTextsFromOneNumber(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF"));
            var phone = Phone(5);
            var client = app.CreateClient();

            var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => TextAsync(client, phone.E164, "SURF")));

            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Equal(1, await EntriesAsync(app, contest.Id));
            var replies = await RepliesToAsync(app, phone);
            Assert.Single(replies, r => r.Type == NotificationType.EntryConfirmation);
            Assert.Equal(49, replies.Count(r => r.Type == NotificationType.Reply && r.Body.Contains("already entered", StringComparison.Ordinal)));
            Assert.Equal(50, replies.Count);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AcceptsExactlyTheCapGivenTwoHundredNumbersTextingAContestCappedAtOneHundred(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF", eligibility: new Eligibility { TotalEntryCap = 100 }));
            var client = app.CreateClient();

            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => TextAsync(client, Phone(i).E164, "SURF")));

            await using var db = app.CreateDbContext();
            Assert.Equal(100, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
            Assert.Equal(100, (await db.Contests.SingleAsync(c => c.Id == contest.Id)).EntryCount);
            Assert.Equal(100, await db.Notifications.CountAsync(n => n.Type == NotificationType.EntryConfirmation));
            Assert.Equal(100, await db.Notifications.CountAsync(n => n.Type == NotificationType.Reply && n.Body.Contains("reached its entry limit")));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ProcessesAMessageOnceGivenTwilioRetriesTheSameMessageSid(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var first = await SeedAsync(app, Details("SURF"));
            var second = await SeedAsync(app, Details("WAVE", "Wave Contest"));
            var client = app.CreateClient();
            var sid = NewSid();

            // A retry after the first answer, and retries racing each other.
            await TextAsync(client, Phone(1).E164, "SURF", sid);
            await TextAsync(client, Phone(1).E164, "SURF", sid);
            var helpSid = NewSid();
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => TextAsync(client, Phone(2).E164, "HELP", helpSid)));
            var waveSid = NewSid();
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => TextAsync(client, Phone(3).E164, "WAVE", waveSid)));

            Assert.Single(await RepliesToAsync(app, Phone(1)));
            Assert.Single(await RepliesToAsync(app, Phone(2)));
            Assert.Single(await RepliesToAsync(app, Phone(3)));
            Assert.Equal(1, await EntriesAsync(app, first.Id));
            Assert.Equal(1, await EntriesAsync(app, second.Id));
            await using var db = app.CreateDbContext();
            Assert.Equal(3, await db.InboundMessages.CountAsync());
            Assert.All(await db.InboundMessages.ToListAsync(), m => Assert.NotNull(m.ProcessedAt));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ProcessesTwiliosRetryGivenTheFirstAttemptFailedHalfWay(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF"));
            var failOnce = new FailFirstEntryInsert();
            await using var failing = app.WithWebHostBuilder(web => web.ConfigureServices(services =>
            {
                services.ConfigureDbContext<Contestlet.Web.Data.SqliteContestletDbContext>(options => options.AddInterceptors(failOnce));
                services.ConfigureDbContext<Contestlet.Web.Data.PostgresContestletDbContext>(options => options.AddInterceptors(failOnce));
            }));
            var client = failing.CreateClient();
            var sid = NewSid();

            var first = await TextAsync(client, Phone(1).E164, "SURF", sid);
            var retry = await TextAsync(client, Phone(1).E164, "SURF", sid);

            Assert.Equal(HttpStatusCode.InternalServerError, first);
            Assert.True(failOnce.Failed);
            Assert.Equal(HttpStatusCode.OK, retry);
            Assert.Equal(1, await EntriesAsync(app, contest.Id));
            Assert.Contains("You're in", Assert.Single(await RepliesToAsync(app, Phone(1))).Body, StringComparison.Ordinal);
            await using var db = app.CreateDbContext();
            Assert.NotNull((await db.InboundMessages.SingleAsync(m => m.MessageSid == sid)).ProcessedAt);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CommitsTheEntryAndTheFinishedMessageTogetherOrNeitherGivenTheProcessedMarkFails(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("WIN", eligibility: new Eligibility { Scope = RegionScope.ListedStates, States = ["NY"] }));
            var phone = Phone(1);
            await TextAsync(app.CreateClient(), phone.E164, "WIN");
            // The processed mark of the "NY" that enters: the database goes away there once.
            var failOnce = new FailOnce(command => command.CommandText.Contains("\"ProcessedAt\" = ", StringComparison.Ordinal));
            await using var failing = WithInterceptor(app, failOnce);
            var client = failing.CreateClient();
            var sid = NewSid();

            var first = await TextAsync(client, phone.E164, "NY", sid);

            Assert.Equal(HttpStatusCode.InternalServerError, first);
            Assert.True(failOnce.Failed);
            Assert.Equal(0, await EntriesAsync(app, contest.Id));
            Assert.Single(await RepliesToAsync(app, phone));
            await using (var db = app.CreateDbContext())
            {
                Assert.Null((await db.InboundMessages.SingleAsync(m => m.MessageSid == sid)).ProcessedAt);
                Assert.Equal(ConversationStep.AwaitingState, (await db.SmsConversations.SingleAsync(c => c.PhoneE164 == phone.E164)).Step);
            }

            var retry = await TextAsync(client, phone.E164, "NY", sid);

            Assert.Equal(HttpStatusCode.OK, retry);
            Assert.Equal(1, await EntriesAsync(app, contest.Id));
            var replies = await RepliesToAsync(app, phone);
            Assert.Equal(2, replies.Count);
            Assert.Equal(NotificationType.EntryConfirmation, replies[1].Type);
            await using (var db = app.CreateDbContext())
            {
                var message = await db.InboundMessages.SingleAsync(m => m.MessageSid == sid);
                Assert.NotNull(message.ProcessedAt);
                Assert.Equal(nameof(InboundOutcome.Entered), message.Outcome);
                Assert.Empty(await db.SmsConversations.ToListAsync());
            }
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task LeavesTheMessageToTwiliosRetryGivenTheCountWasRefusedAndTheRefusalFailedHalfWay(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var full = await SeedAsync(app, Details("FULL", "Full Contest", new Eligibility { TotalEntryCap = 1 }));
            await Service<EntryService>(app).EnterAsync(full.Code, Phone(99), new EntryRequest(null, true), CancellationToken.None);
            var phone = Phone(1);
            // The refusal's reply, queued after the entry's refused count rolled back: the database goes away there once.
            var countSeen = 0;
            var failOnce = new FailOnce(command =>
            {
                if (command.CommandText.Contains("\"EntryCount\" = ", StringComparison.Ordinal))
                {
                    Interlocked.Exchange(ref countSeen, 1);
                }

                return Volatile.Read(ref countSeen) == 1 && System.Text.RegularExpressions.Regex.IsMatch(command.CommandText, "INSERT INTO \"?notifications\"? ");
            });
            await using var failing = WithInterceptor(app, failOnce);
            var client = failing.CreateClient();
            var sid = NewSid();

            var first = await TextAsync(client, phone.E164, "FULL", sid);

            Assert.Equal(HttpStatusCode.InternalServerError, first);
            Assert.True(failOnce.Failed);
            Assert.Empty(await RepliesToAsync(app, phone));
            await using (var db = app.CreateDbContext())
            {
                Assert.Null((await db.InboundMessages.SingleAsync(m => m.MessageSid == sid)).ProcessedAt);
            }

            var retry = await TextAsync(client, phone.E164, "FULL", sid);

            Assert.Equal(HttpStatusCode.OK, retry);
            Assert.Equal(1, await EntriesAsync(app, full.Id));
            var reply = Assert.Single(await RepliesToAsync(app, phone));
            Assert.Contains("reached its entry limit", reply.Body, StringComparison.Ordinal);
            await using (var db = app.CreateDbContext())
            {
                var message = await db.InboundMessages.SingleAsync(m => m.MessageSid == sid);
                Assert.NotNull(message.ProcessedAt);
                Assert.Equal(nameof(InboundOutcome.Refused), message.Outcome);
                Assert.Equal(1, (await db.Contests.SingleAsync(c => c.Id == full.Id)).EntryCount);
            }
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FinishesTheMessageInTheEntrysTransactionAndLeavesConversationsAloneGivenTheSenderHasNone(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF"));
            var statements = new StatementRecorder();
            await using var recording = WithInterceptor(app, statements);

            var status = await TextAsync(recording.CreateClient(), Phone(1).E164, "SURF");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(1, await EntriesAsync(app, contest.Id));
            var entry = Assert.Single(statements.Matching("INSERT INTO \"?entries\"? "));
            var processed = Assert.Single(statements.Matching("\"ProcessedAt\" = "));
            Assert.NotNull(entry.Transaction);
            Assert.Equal(entry.Transaction, processed.Transaction);
            Assert.Empty(statements.Matching("DELETE FROM \"?sms_conversations\"?"));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task EndsTheQuestionOfAnotherContestGivenAKeywordEntersTheSender(string provider) =>
        WithAppAsync(provider, async app =>
        {
            await SeedAsync(app, Details("WIN", "Radio Contest", new Eligibility { Scope = RegionScope.ListedStates, States = ["NY"] }));
            var surf = await SeedAsync(app, Details("SURF"));
            var phone = Phone(2);
            var client = app.CreateClient();
            await TextAsync(client, phone.E164, "WIN");
            await using (var db = app.CreateDbContext())
            {
                Assert.Single(await db.SmsConversations.ToListAsync());
            }

            await TextAsync(client, phone.E164, "SURF");

            Assert.Equal(1, await EntriesAsync(app, surf.Id));
            await using (var db = app.CreateDbContext())
            {
                Assert.Empty(await db.SmsConversations.ToListAsync());
                Assert.Equal(nameof(InboundOutcome.Entered), (await db.InboundMessages.OrderBy(m => m.Id).LastAsync()).Outcome);
            }
        });

    /// <summary>Every command's text with the EF transaction it ran in (null outside one).</summary>
    private sealed class StatementRecorder : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Text, Guid? Transaction)> _statements = new();

        public List<(string Text, Guid? Transaction)> Matching(string pattern) =>
            _statements.Where(s => System.Text.RegularExpressions.Regex.IsMatch(s.Text, pattern)).ToList();

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Record(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData) =>
            _statements.Enqueue((command.CommandText, eventData.Context?.Database.CurrentTransaction?.TransactionId));
    }

    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> WithInterceptor(ContestletAppFactory app,
        Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor) =>
        app.WithWebHostBuilder(web => web.ConfigureServices(services =>
        {
            services.ConfigureDbContext<Contestlet.Web.Data.SqliteContestletDbContext>(options => options.AddInterceptors(interceptor));
            services.ConfigureDbContext<Contestlet.Web.Data.PostgresContestletDbContext>(options => options.AddInterceptors(interceptor));
        }));

    /// <summary>The database refuses the first command <paramref name="when"/> picks, as a failover or a dropped connection would.</summary>
    private sealed class FailOnce(Func<System.Data.Common.DbCommand, bool> when) : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _armed = 1;

        public bool Failed => _armed == 0;

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            FailIfPicked(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            FailIfPicked(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void FailIfPicked(System.Data.Common.DbCommand command)
        {
            if (when(command) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                throw new InvalidOperationException("Injected failure: the database went away.");
            }
        }
    }

    /// <summary>The database refuses the first entry insert, as a failover or a dropped connection would.</summary>
    private sealed class FailFirstEntryInsert : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _armed = 1;

        public bool Failed => _armed == 0;

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(command.CommandText, "INSERT INTO \"?entries\"? ") && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                throw new InvalidOperationException("Injected failure: the database went away during the entry insert.");
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AsksForTheStateAndEntersOnTheReplyAcrossAnAppRestart(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            Contest contest;
            var phone = Phone(8);
            await using (var first = new ContestletAppFactory(database, settings: Settings))
            {
                contest = await SeedAsync(first, Details("WIN", "Radio Contest", new Eligibility { Scope = RegionScope.ListedStates, States = ["CT", "NJ", "NY"] }));
                await TextAsync(first.CreateClient(), phone.E164, "win");
                var asked = Assert.Single(await RepliesToAsync(first, phone));
                Assert.Contains("reply with your 2-letter state", asked.Body, StringComparison.Ordinal);
                Assert.Equal(0, await EntriesAsync(first, contest.Id));
            }

            await using var second = new ContestletAppFactory(database, settings: Settings);
            await TextAsync(second.CreateClient(), phone.E164, "ny");

            await using var db = second.CreateDbContext();
            var entry = await db.Entries.SingleAsync(e => e.ContestId == contest.Id);
            Assert.Equal("NY", entry.State);
            Assert.Equal(EntrySource.Sms, entry.Source);
            var replies = await RepliesToAsync(second, phone);
            Assert.Equal(2, replies.Count);
            Assert.Contains(entry.Reference, replies[1].Body, StringComparison.Ordinal);
            Assert.Empty(await db.SmsConversations.ToListAsync());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ForgetsTheQuestionAfterFifteenMinutes(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("WIN", eligibility: new Eligibility { Scope = RegionScope.ListedStates, States = ["NY"] }));
            var phone = Phone(9);
            var client = app.CreateClient();
            await TextAsync(client, phone.E164, "WIN");

            app.Time.Advance(SmsConversation.Lifetime + TimeSpan.FromSeconds(1));
            await TextAsync(client, phone.E164, "NY");

            Assert.Equal(0, await EntriesAsync(app, contest.Id));
            var replies = await RepliesToAsync(app, phone);
            Assert.Equal(2, replies.Count);
            Assert.Contains("NY isn't the keyword of an open contest", replies[1].Body, StringComparison.Ordinal);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AsksForYesFirstAndEntersOnlyOnTheYesGivenDoubleOptIn(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contest = await SeedAsync(app, Details("SURF", doubleOptIn: true));
            var client = app.CreateClient();

            await TextAsync(client, Phone(1).E164, "SURF");
            await TextAsync(client, Phone(2).E164, "SURF");
            Assert.Equal(0, await EntriesAsync(app, contest.Id));
            await TextAsync(client, Phone(1).E164, "yes");
            await TextAsync(client, Phone(2).E164, "NO");

            var yes = await RepliesToAsync(app, Phone(1));
            Assert.Contains("reply YES to enter", yes[0].Body, StringComparison.Ordinal);
            Assert.Contains($"{SiteBase}/c/{contest.Code}/rules", yes[0].Body, StringComparison.Ordinal);
            Assert.Equal(NotificationType.EntryConfirmation, yes[1].Type);
            Assert.Equal(2, yes.Count);
            var no = await RepliesToAsync(app, Phone(2));
            Assert.Contains("not entered", no[1].Body, StringComparison.Ordinal);
            await using var db = app.CreateDbContext();
            Assert.Equal(Phone(1).E164, (await db.Entries.SingleAsync(e => e.ContestId == contest.Id)).PhoneE164);
        });

    private static T Service<T>(ContestletAppFactory app) where T : notnull =>
        app.Services.CreateScope().ServiceProvider.GetRequiredService<T>();
}
