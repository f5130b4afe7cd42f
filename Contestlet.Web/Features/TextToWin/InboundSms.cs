using System.Data.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.TextToWin;

/// <summary>A text as Twilio delivers it to the inbound webhook (after its signature was checked), or as /dev/sms "texts the app".</summary>
public sealed record InboundText(string MessageSid, string From, string Body);

public enum InboundOutcome
{
    Duplicate,
    Ignored,
    OptedOut,
    OptedIn,
    Help,
    AskedYes,
    AskedState,
    Declined,
    Entered,
    AlreadyEntered,
    Refused,
    Unknown,
    UnknownQuiet,
}

/// <summary>
/// Everything that happens after a valid inbound text (docs/product.md §3a, docs/decisions/014-text-to-win.md): each MessageSid
/// once; STOP/START as before; HELP; a keyword enters the sender through <see cref="EntryService.EnterAsync(Contest, PhoneNumber, EntryRequest, CancellationToken)"/> (the one
/// atomic entry operation) with <see cref="EntrySource.Sms"/>, asking for YES or the state first when the contest needs
/// it; an unknown word gets one helpful reply per number per hour. Each outcome is at most one reply, through the outbox.
/// </summary>
public sealed class InboundSms(
    IDbContextFactory<ContestletDbContext> dbFactory,
    EntryService entries,
    TwilioWebhooks webhooks,
    SendLedger ledger,
    IOptions<SmsOptions> sms,
    IOptions<TextToWinOptions> program,
    IOptions<WinnersOptions> winners,
    TimeProvider time,
    ILogger<InboundSms> logger)
{
    public const string UnknownWordScope = "sms-unknown-word";
    private const int OptedOutFact = 1;
    private const int InConversationFact = 2;
    private static readonly TimeSpan UnknownWordWindow = TimeSpan.FromHours(1);

    public async Task<InboundOutcome> HandleAsync(InboundText text, CancellationToken cancellationToken)
    {
        if (!InboundMessage.IsValidSid(text.MessageSid))
        {
            // Twilio always sends one; without it nothing can be deduplicated, so only STOP/START (idempotent) apply.
            logger.LogWarning("Inbound text without a usable MessageSid: only STOP/START applied");
            var keyword = await webhooks.ApplyInboundAsync(text.From, text.Body, cancellationToken);
            return keyword switch
            {
                InboundKeyword.OptOut => InboundOutcome.OptedOut,
                InboundKeyword.OptIn => InboundOutcome.OptedIn,
                _ => InboundOutcome.Ignored,
            };
        }

        var now = time.GetUtcNow();
        if (await ClaimAsync(text, now, cancellationToken) is not { } message)
        {
            logger.LogInformation("Inbound text {MessageSid} was already handled (a retry)", text.MessageSid);
            return InboundOutcome.Duplicate;
        }

        Decision decision;
        try
        {
            decision = await DecideAsync(text, message, now, cancellationToken);
            if (!decision.Finished)
            {
                await FinishAsync(message.Id, decision, now, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The webhook answers 500 and Twilio retries: that retry must be processed, not taken for a duplicate of
            // an attempt that is still "within its lease" although it already failed.
            await ReleaseAsync(message.Id);
            throw;
        }

        logger.LogInformation("Inbound text {MessageSid} from {Sender}: {Outcome}", text.MessageSid, PhoneNumber.Mask(text.From), decision.Outcome);
        return decision.Outcome;
    }

    /// <summary>
    /// Records the message, or finds it already recorded: a retry does nothing while the first attempt is done or still
    /// within its lease, and takes over only once the lease lapsed (the first attempt died half-way).
    /// </summary>
    private async Task<ClaimedMessage?> ClaimAsync(InboundText text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var message = InboundMessage.Receive(text.MessageSid, text.From, text.Body, now);
            db.InboundMessages.Add(message);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new ClaimedMessage(message.Id, message.ReceivedAt, Takeover: false);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // The same MessageSid is already here.
            }
        }

        await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = now + InboundMessage.Lease;
        var taken = await again.InboundMessages
            .Where(m => m.MessageSid == text.MessageSid && m.ProcessedAt == null && m.LeaseUntil < now)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseUntil, until).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (taken == 0)
        {
            return null;
        }

        var stored = await again.InboundMessages.AsNoTracking().Where(m => m.MessageSid == text.MessageSid)
            .Select(m => new { m.Id, m.ReceivedAt }).SingleAsync(cancellationToken);
        logger.LogWarning("Inbound text {MessageSid} taken over after its first attempt's lease lapsed", text.MessageSid);
        return new ClaimedMessage(stored.Id, stored.ReceivedAt, Takeover: true);
    }

    /// <summary>Gives up a failed attempt's lease at once, so the next delivery of the same MessageSid takes it over.</summary>
    private async Task ReleaseAsync(long messageId)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var released = time.GetUtcNow().AddSeconds(-1);
            await db.InboundMessages.Where(m => m.Id == messageId && m.ProcessedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseUntil, released), CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            // The database is what failed: the lease then lapses by itself (InboundMessage.Lease).
            logger.LogWarning(ex, "Could not release the lease of inbound message {MessageId}", messageId);
        }
    }

    private async Task<Decision> DecideAsync(InboundText text, ClaimedMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = text.Body ?? "";
        var optKeyword = SmsOptOut.Classify(body);
        if (optKeyword == InboundKeyword.OptOut)
        {
            // STOP as before (the opt-out list); it also ends any conversation. Twilio answers STOP itself.
            await webhooks.ApplyInboundAsync(text.From, body, cancellationToken);
            return TryFullNumber(text.From, out var stopped) ? Decision.Silent(InboundOutcome.OptedOut, stopped, Conversation.End)
                : Decision.Silent(InboundOutcome.OptedOut);
        }

        if (optKeyword == InboundKeyword.OptIn)
        {
            await webhooks.ApplyInboundAsync(text.From, body, cancellationToken);
        }

        if (!TryFullNumber(text.From, out var phone) || IsOurNumber(phone))
        {
            // A short code, an alphanumeric sender or our own number: never answered (no loops, no texts to machines).
            return Decision.Silent(InboundOutcome.Ignored);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (optedOut, inConversation) = await SenderAsync(db, phone, cancellationToken);
        if (optedOut)
        {
            return Decision.Silent(InboundOutcome.Ignored, phone);
        }

        // An outcome that ends the exchange deletes the sender's conversation only if they had one when it was read: one
        // that a simultaneous text of theirs starts after this read stays, as if that text had come after this one.
        var end = inConversation ? Conversation.End : null;

        var word = SmsKeyword.FirstWord(body);
        if (optKeyword == InboundKeyword.OptIn && word != "YES")
        {
            // START as before: back on the list; Twilio confirms it.
            return Decision.Silent(InboundOutcome.OptedIn, phone);
        }

        if (word is "HELP" or "INFO")
        {
            return Decision.Reply(InboundOutcome.Help, phone, TextToWinReplies.Help(program.Value));
        }

        // A keyword always starts afresh, even in the middle of another exchange.
        if (word.Length >= SmsKeyword.MinLength && await FindByKeywordAsync(db, word, cancellationToken) is { } keywordContest)
        {
            return await StartAsync(keywordContest, phone, SecondWord(body), message, end, now, cancellationToken);
        }

        var conversation = inConversation
            ? await db.SmsConversations.AsNoTracking().SingleOrDefaultAsync(c => c.PhoneE164 == phone.E164, cancellationToken)
            : null;
        if (conversation is not null && conversation.IsOpenAt(now)
            && await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversation.ContestId, cancellationToken) is { } contest)
        {
            return await ContinueAsync(conversation, contest, phone, word, message, now, cancellationToken);
        }

        if (optKeyword == InboundKeyword.OptIn)
        {
            // A YES nobody asked for is an opt-in, as before: back on the list, nothing to answer.
            return Decision.Silent(InboundOutcome.OptedIn, phone);
        }

        return await UnknownAsync(phone, word, now, cancellationToken);
    }

    /// <summary>Whether the sender opted out and whether they have a conversation (open or expired), in one round trip.</summary>
    private static async Task<(bool OptedOut, bool InConversation)> SenderAsync(ContestletDbContext db, PhoneNumber phone,
        CancellationToken cancellationToken)
    {
        var facts = await db.SmsOptOuts.Where(o => o.PhoneE164 == phone.E164).Select(o => OptedOutFact)
            .Concat(db.SmsConversations.Where(c => c.PhoneE164 == phone.E164).Select(c => InConversationFact))
            .ToListAsync(cancellationToken);
        return (facts.Contains(OptedOutFact), facts.Contains(InConversationFact));
    }

    /// <summary>The live holder of the keyword, else the most recent contest that had it (so "SURF" after the end says "closed").</summary>
    private static async Task<Contest?> FindByKeywordAsync(ContestletDbContext db, string word, CancellationToken cancellationToken) =>
        await db.Contests.AsNoTracking().Where(c => c.KeywordClaim == word).FirstOrDefaultAsync(cancellationToken)
        ?? await db.Contests.AsNoTracking().Where(c => c.Keyword == word && c.PublishedAt != null)
            .OrderByDescending(c => c.Schedule.EndsAt).FirstOrDefaultAsync(cancellationToken);

    private async Task<Decision> StartAsync(Contest contest, PhoneNumber phone, string? secondWord, ClaimedMessage message, Conversation? end,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = secondWord is { Length: 2 } && UsStates.IsKnown(secondWord) ? secondWord : null;
        if (contest.StatusAt(now) != ContestStatus.Active)
        {
            // Not open yet, ended, closed: the entry operation gives the web's own answer, in the web's order.
            return await EnterAsync(contest, phone, state, message, end, now, cancellationToken);
        }

        if (!contest.SmsDoubleOptIn && (state is not null || !contest.Eligibility.RequiresState))
        {
            // Nothing to ask first: the entry operation answers "already entered" itself, in the web's order.
            return await EnterAsync(contest, phone, state, message, end, now, cancellationToken);
        }

        if (await entries.FindCurrentAsync(contest, phone, cancellationToken) is { } existing)
        {
            return AlreadyEntered(contest, phone, existing, message, end);
        }

        if (contest.SmsDoubleOptIn)
        {
            return Decision.Reply(InboundOutcome.AskedYes, phone, TextToWinReplies.AskYes(contest, winners.Value.SiteBase), contest.Id,
                Conversation.Ask(contest.Id, ConversationStep.AwaitingYes, state));
        }

        return contest.Eligibility.RequiresState && state is null
            ? AskState(contest, phone)
            : await EnterAsync(contest, phone, state, message, end, now, cancellationToken);
    }

    private async Task<Decision> ContinueAsync(SmsConversation conversation, Contest contest, PhoneNumber phone, string word, ClaimedMessage message,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (conversation.Step)
        {
            case ConversationStep.AwaitingYes when word is "YES" or "Y":
                return contest.Eligibility.RequiresState && conversation.State is null && contest.StatusAt(now) == ContestStatus.Active
                    ? AskState(contest, phone)
                    : await EnterAsync(contest, phone, conversation.State, message, Conversation.End, now, cancellationToken);
            case ConversationStep.AwaitingYes when word is "NO" or "N":
                return Decision.Reply(InboundOutcome.Declined, phone, TextToWinReplies.Declined(contest), contest.Id, Conversation.End);
            case ConversationStep.AwaitingYes:
                return Decision.Reply(InboundOutcome.AskedYes, phone, TextToWinReplies.AskYes(contest, winners.Value.SiteBase), contest.Id,
                    Conversation.Ask(contest.Id, ConversationStep.AwaitingYes, conversation.State));
            case ConversationStep.AwaitingState when word.Length == 2 && UsStates.IsKnown(word):
                return await EnterAsync(contest, phone, word, message, Conversation.End, now, cancellationToken);
            default:
                return AskState(contest, phone);
        }
    }

    private static Decision AskState(Contest contest, PhoneNumber phone) =>
        Decision.Reply(InboundOutcome.AskedState, phone, TextToWinReplies.AskState(contest), contest.Id,
            Conversation.Ask(contest.Id, ConversationStep.AwaitingState, null));

    private async Task<Decision> EnterAsync(Contest contest, PhoneNumber phone, string? state, ClaimedMessage message, Conversation? end,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Texting after the call to action ("By texting you confirm you are 18+ and accept the official rules") is the
        // confirmation, and the carrier-verified sender is the proof of the number. An accepted entry finishes the message in
        // its own transaction (docs/decisions/028-one-transaction-per-keyword-entry.md): entry, "entered" reply, processed
        // mark and the end of the conversation commit together, or none of them does.
        var entered = Decision.Silent(InboundOutcome.Entered, phone, end);
        var outcome = await entries.EnterAsync(contest, phone, new EntryRequest(state, ConfirmedAgeRulesAndSms: true, EntrySource.Sms),
            db => WriteFinishAsync(db, message.Id, entered, now, cancellationToken), cancellationToken);
        return outcome.Result switch
        {
            // The "entered" reply was queued with the entry itself, and the message finished there (EntryService).
            EntryResult.Accepted => entered with { Finished = true },
            EntryResult.AlreadyEntered => AlreadyEntered(outcome.Contest ?? contest, phone, outcome.Entry!, message, end),
            _ => Decision.Reply(InboundOutcome.Refused, phone, TextToWinReplies.Refused(outcome.Contest ?? contest, outcome.Refusal!), contest.Id,
                end),
        };
    }

    private static Decision AlreadyEntered(Contest contest, PhoneNumber phone, Entry existing, ClaimedMessage message, Conversation? end) =>
        message.Takeover && existing.Source == EntrySource.Sms && existing.EnteredAt >= message.ReceivedAt
            // This very message made the entry in an earlier attempt (one that outlived its lease, or that died between the
            // entry and the finish before an entry finished its message in its own transaction); its "entered" reply went out with it.
            ? Decision.Silent(InboundOutcome.Entered, phone, end)
            : Decision.Reply(InboundOutcome.AlreadyEntered, phone, TextToWinReplies.AlreadyEntered(contest, existing), contest.Id, end);

    /// <summary>One helpful reply per number per hour, counted in the shared send ledger so every instance sees the same count.</summary>
    private async Task<Decision> UnknownAsync(PhoneNumber phone, string word, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allowed = await ledger.RecordIfAllowedAsync([new LedgerKey(UnknownWordScope, phone.E164, 1)], now,
            histories => histories[0].RecentNewestFirst is not [var last, ..] || now - last >= UnknownWordWindow,
            allowed => allowed, cancellationToken);
        return allowed
            ? Decision.Reply(InboundOutcome.Unknown, phone, TextToWinReplies.Unknown(program.Value, word.Length > SmsKeyword.MaxLength ? "" : word))
            : Decision.Silent(InboundOutcome.UnknownQuiet, phone);
    }

    /// <summary>The reply, the conversation's change and "processed" commit together: a crash before leaves the message to a retry.</summary>
    private async Task FinishAsync(long messageId, Decision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Through the execution strategy (a fresh context per try), so a transient PostgreSQL failure replays it all.
                await dbFactory.InTransactionAsync(db => WriteFinishAsync(db, messageId, decision, now, cancellationToken), cancellationToken);
                return;
            }
            catch (DbUpdateException ex) when (attempt < 3 && (ex.IsUniqueViolation() || ex is DbUpdateConcurrencyException))
            {
                // Another text from the same number started or ended its conversation at the same moment: apply ours on top.
            }
        }
    }

    /// <summary>
    /// Finishing a message, in the caller's transaction: marks it processed with its outcome, queues the reply and applies the
    /// conversation's change. Its own transaction (<see cref="FinishAsync"/>), or an accepted entry's.
    /// </summary>
    private static async Task WriteFinishAsync(ContestletDbContext db, long messageId, Decision decision, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var outcome = decision.Outcome.ToString();
        await db.InboundMessages.Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.Outcome, outcome), cancellationToken);
        if (decision.Phone is { } phone)
        {
            if (decision.ReplyText is { } reply)
            {
                db.Notifications.Add(Notification.Queue(NotificationType.Reply, phone, reply, now, Notification.SystemActor, decision.ContestId));
            }

            if (decision.Conversation is { Step: null })
            {
                await db.SmsConversations.Where(c => c.PhoneE164 == phone.E164).ExecuteDeleteAsync(cancellationToken);
            }
            else if (decision.Conversation is { Step: { } step } change)
            {
                var existing = await db.SmsConversations.SingleOrDefaultAsync(c => c.PhoneE164 == phone.E164, cancellationToken);
                if (existing is null)
                {
                    db.SmsConversations.Add(SmsConversation.Start(phone.E164, change.ContestId, step, change.State, now));
                }
                else
                {
                    existing.MoveTo(change.ContestId, step, change.State, now);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A full E.164 phone number; short codes ("12345") and alphanumeric senders are not.</summary>
    private static bool TryFullNumber(string? from, out PhoneNumber phone)
    {
        phone = null!;
        if (from is not { Length: > 8 } || from[0] != '+' || !from[1..].All(char.IsAsciiDigit))
        {
            return false;
        }

        try
        {
            phone = PhoneNumber.ParseConfigured(from);
            return phone.E164 == from;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private bool IsOurNumber(PhoneNumber phone)
    {
        var ours = sms.Value.Twilio.FromNumber;
        return !string.IsNullOrWhiteSpace(ours) && TryFullNumber(ours.Trim(), out var number) && number == phone;
    }

    private static string? SecondWord(string body)
    {
        var words = body.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length >= 2 ? words[1].Trim('.', ',', '!').ToUpperInvariant() : null;
    }

    private sealed record ClaimedMessage(long Id, DateTimeOffset ReceivedAt, bool Takeover);

    /// <summary>A conversation change: ask (set the step) or end (Step null).</summary>
    private sealed record Conversation(int ContestId, ConversationStep? Step, string? State)
    {
        public static Conversation End { get; } = new(0, null, null);

        public static Conversation Ask(int contestId, ConversationStep step, string? state) => new(contestId, step, state);
    }

    private sealed record Decision(InboundOutcome Outcome, PhoneNumber? Phone, string? ReplyText, int? ContestId, Conversation? Conversation)
    {
        /// <summary>Already finished, in the entry's transaction: there is nothing left to write.</summary>
        public bool Finished { get; init; }

        public static Decision Silent(InboundOutcome outcome, PhoneNumber? phone = null, Conversation? conversation = null) =>
            new(outcome, phone, null, null, conversation);

        public static Decision Reply(InboundOutcome outcome, PhoneNumber phone, string text, int? contestId = null, Conversation? conversation = null) =>
            new(outcome, phone, text, contestId, conversation);
    }
}
