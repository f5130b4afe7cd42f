using Contestlet.Domain.Phones;
using Contestlet.Domain.SignIn;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Limits;
using Contestlet.Web.Infrastructure.Observability;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.SignIn;

/// <summary>
/// Sign-in by one-time code (docs/product.md §2): sends codes within the shared limits and checks them. Every valid number
/// goes down the same path, admin or not, known or not, so the response tells nothing about who is who.
/// </summary>
public sealed class SignInService(
    IDbContextFactory<ContestletDbContext> dbFactory,
    SendLedger ledger,
    ISmsSender sms,
    AdminDirectory admins,
    IOptions<AuthOptions> authOptions,
    IOptions<SmsOptions> smsOptions,
    IOptions<SecurityOptions> securityOptions,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    public const string NumberScope = "signin-number";
    public const string AddressScope = "signin-ip";
    public const string FailureScope = "signin-fail";
    public const string BudgetScope = "signin-budget";
    private const int MaxUpdateRaces = 5;

    private readonly SignInCodeHasher _hasher = new(securityOptions.Value.SecretKey ?? "");

    public SignInRules Rules { get; } = new(
        TimeSpan.FromMinutes(authOptions.Value.Limits.CodeLifetimeMinutes),
        authOptions.Value.Limits.MaxAttemptsPerCode,
        TimeSpan.FromSeconds(authOptions.Value.Limits.CooldownSeconds),
        authOptions.Value.Limits.SendsPerNumberPerHour,
        authOptions.Value.Limits.SendsPerIpPerHour);

    private SmsBudget Budget { get; } = new(authOptions.Value.Limits.SmsBudgetPerHour, authOptions.Value.Limits.SmsBudgetPerDay);

    private (int Failures, TimeSpan Window) Lockout { get; } =
        (authOptions.Value.Limits.LockoutFailures, TimeSpan.FromHours(authOptions.Value.Limits.LockoutHours));

    public PhoneNumberPolicy PhonePolicy { get; } = new(authOptions.Value.Regions, authOptions.Value.AllowFictionalNumbers);

    /// <summary>
    /// Counts the send against the number's and the address's limits and the app's SMS budget, then issues and texts a
    /// new code. Every valid number gets the same answer (issue 13 item 7): a code sent, a number in its cooldown or at
    /// its hourly cap, a locked number, one that opted out or cannot take texts all lead to the code page; only the log
    /// says which. Refusals about the caller (their address's cap) or the whole app (the budget) are said plainly: they
    /// tell nothing about the number.
    /// </summary>
    public async Task<CodeRequest> RequestCodeAsync(PhoneNumber phone, string clientAddress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (hour, day) = SmsBudget.Buckets(now);
        var decision = await LockedUntilAsync(phone, now, cancellationToken) is { } lockedUntil
            ? new SendDecision(SendRefusalReason.Locked, lockedUntil)
            : await ledger.RecordIfAllowedAsync(
                [new LedgerKey(NumberScope, phone.E164, Rules.SendsPerNumberPerHour), new LedgerKey(AddressScope, clientAddress, Rules.SendsPerIpPerHour)],
                [new LedgerCounter(BudgetScope, day, Budget.PerDay), new LedgerCounter(BudgetScope, hour, Budget.PerHour)],
                now,
                histories => SendLimits.Evaluate(Rules, histories[0].RecentNewestFirst, histories[1].RecentNewestFirst, now),
                decision => decision.Allowed,
                spent => spent == 0 ? Budget.Evaluate(0, Budget.PerDay, now) : Budget.Evaluate(Budget.PerHour, 0, now),
                cancellationToken);
        if (!decision.Allowed)
        {
            ContestletMetrics.CodeRefused(decision.Refusal);
            switch (decision.Refusal)
            {
                case SendRefusalReason.IpHourlyCap:
                    logger.LogInformation("Sign-in code for {Phone} refused: {Refusal} until {RetryAt}", phone.Masked, decision.Refusal, decision.RetryAt);
                    return CodeRequest.Refused(SendLimits.Describe(decision, Rules, now), decision.RetryAt);
                case SendRefusalReason.HourlyBudget or SendRefusalReason.DailyBudget:
                    ContestletMetrics.SmsBudgetRefused(decision.Refusal.Value);
                    logger.LogWarning("Sign-in code for {Phone} refused: the {Refusal} of {PerHour}/h, {PerDay}/day sign-in texts is spent until {RetryAt}",
                        phone.Masked, decision.Refusal, Budget.PerHour, Budget.PerDay, decision.RetryAt);
                    return CodeRequest.Refused(SendLimits.Describe(decision, Rules, now), decision.RetryAt);
                default:
                    logger.LogInformation("Sign-in code for {Phone} not sent: {Refusal} until {RetryAt}; answered as if sent", phone.Masked,
                        decision.Refusal, decision.RetryAt);
                    return await AnswerWithoutSendingAsync(phone, clientAddress, now, cancellationToken);
            }
        }

        var qaCode = QaFixedCodeFor(phone);
        var code = qaCode ?? OneTimeCode.Generate();
        var challenge = SignInChallenge.Issue(phone, _hasher.Hash(phone, code), now, Rules);
        await IssueAsync(challenge, now, cancellationToken);

        var resendAt = now + Rules.Cooldown;
        if (qaCode is not null)
        {
            logger.LogInformation("Sign-in challenge {ChallengeId} for QA test number {Phone}: fixed code, no SMS", challenge.Id, phone.Masked);
            return CodeRequest.Issued(challenge.Id, resendAt);
        }

        var body = $"{code} is your Contestlet code. It expires in {Rules.CodeLifetime.TotalMinutes:0} minutes. Don't share it with anyone.";
        var sent = await sms.SendAsync(new SmsMessage(phone, body), cancellationToken);
        if (!sent.IsSent)
        {
            // Opted out, a landline, not in staging's allow list, a provider error: the person is told what everyone is
            // told (a code is on its way); the reason is here, and they can ask for a new code after the cooldown.
            logger.LogWarning("Sign-in code for {Phone} not delivered: {SmsStatus} {SmsError}; answered as if sent", phone.Masked, sent.Status, sent.Error);
            ContestletMetrics.CodeRefused("send_failed");
            return CodeRequest.Issued(challenge.Id, resendAt);
        }

        logger.LogInformation("Sign-in code sent to {Phone} (challenge {ChallengeId})", phone.Masked, challenge.Id);
        ContestletMetrics.CodeSent();
        return CodeRequest.Issued(challenge.Id, resendAt);
    }

    /// <summary>
    /// The answer for a number that gets no text now: its open code when it has one (a second press of "Send code" keeps
    /// the code already on its way working), otherwise a challenge whose code nobody knows. Either way the code page
    /// looks like any other. The request still counts against the caller's address, so these answers are not free.
    /// </summary>
    private async Task<CodeRequest> AnswerWithoutSendingAsync(PhoneNumber phone, string clientAddress, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var address = await ledger.RecordIfAllowedAsync([new LedgerKey(AddressScope, clientAddress, Rules.SendsPerIpPerHour)], now,
            histories => SendLimits.Evaluate(Rules, [], histories[0].RecentNewestFirst, now), decision => decision.Allowed, cancellationToken);
        if (!address.Allowed)
        {
            return CodeRequest.Refused(SendLimits.Describe(address, Rules, now), address.RetryAt);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = await db.SignInChallenges.AsNoTracking()
            .Where(c => c.PhoneE164 == phone.E164 && c.UsedAt == null && c.ReplacedAt == null && c.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        if (recent.Where(c => c.StateAt(now) == ChallengeState.Open).MaxBy(c => c.IssuedAt) is { } open)
        {
            return CodeRequest.Issued(open.Id, now + Rules.Cooldown);
        }

        var blank = SignInChallenge.Issue(phone, _hasher.Hash(phone, OneTimeCode.Generate()), now, Rules);
        db.SignInChallenges.Add(blank);
        await db.SaveChangesAsync(cancellationToken);
        return CodeRequest.Issued(blank.Id, now + Rules.Cooldown);
    }

    /// <summary>When the number's lockout ends, or null when it is not locked.</summary>
    private async Task<DateTimeOffset?> LockedUntilAsync(PhoneNumber phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failures = await ledger.ReadAsync(FailureKey(phone), cancellationToken);
        return SignInLockout.LockedUntil(failures.RecentNewestFirst, Lockout.Failures, Lockout.Window, now);
    }

    /// <summary>Counts a wrong code; returns the lockout it started, if this was the one too many.</summary>
    private async Task<DateTimeOffset?> RecordFailureAsync(PhoneNumber phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = await ledger.RecordIfAllowedAsync([FailureKey(phone)], now, histories => histories[0], _ => true, cancellationToken);
        var lockedUntil = SignInLockout.LockedUntil([now, .. before.RecentNewestFirst], Lockout.Failures, Lockout.Window, now);
        if (lockedUntil is { } until)
        {
            var isAdmin = admins.IsAdmin(phone);
            ContestletMetrics.SignInLocked(isAdmin);
            logger.Log(isAdmin ? LogLevel.Warning : LogLevel.Information,
                "Sign-in for {Role} number {Phone} locked until {LockedUntil} after {Failures} wrong codes within {Hours} h",
                isAdmin ? "admin" : "contestant", phone.Masked, until, Lockout.Failures, Lockout.Window.TotalHours);
        }

        return lockedUntil;
    }

    private LedgerKey FailureKey(PhoneNumber phone) => new(FailureScope, phone.E164, Lockout.Failures);

    /// <summary>A new code replaces the old one: earlier open codes for the number stop working as this one is stored.</summary>
    private async Task IssueAsync(SignInChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var race = 1; ; race++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var open = await db.SignInChallenges
                .Where(c => c.PhoneE164 == challenge.PhoneE164 && c.UsedAt == null && c.ReplacedAt == null)
                .ToListAsync(cancellationToken);
            open.ForEach(c => c.Replace(now));
            db.SignInChallenges.Add(challenge);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (race < MaxUpdateRaces)
            {
                // A try at an old code, or another new code, changed one of them meanwhile: look again.
            }
        }
    }

    /// <summary>What the code page shows for the pending sign-in; null when there is none (unknown or long gone).</summary>
    /// <param name="answeredAt">When "Send code" answered (the pending cookie says): the resend countdown runs from
    /// then for every number alike, not from when this number's code was really sent.</param>
    public async Task<PendingSignIn?> FindPendingAsync(Guid challengeId, CancellationToken cancellationToken, DateTimeOffset? answeredAt = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var challenge = await db.SignInChallenges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == challengeId, cancellationToken);
        if (challenge is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var pending = Pending(challenge, now, await LockedUntilAsync(challenge.Phone, now, cancellationToken));
        return answeredAt is { } at ? pending with { ResendAvailableAt = at + Rules.Cooldown } : pending;
    }

    /// <summary>The number a pending sign-in is for, so "send a new code" needs nothing from the browser but the protected id.</summary>
    public async Task<PhoneNumber?> PhoneOfAsync(Guid challengeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var e164 = await db.SignInChallenges.AsNoTracking().Where(c => c.Id == challengeId).Select(c => c.PhoneE164).SingleOrDefaultAsync(cancellationToken);
        return e164 is null ? null : PhoneNumber.FromE164(e164);
    }

    /// <summary>One try at the code. Only an exact, open, current code signs in; every miss costs one of the attempts.</summary>
    public async Task<CodeVerification> VerifyAsync(Guid challengeId, string? input, CancellationToken cancellationToken)
    {
        if (!OneTimeCode.TryNormalize(input, out var code))
        {
            return new CodeVerification(null, false, SignInMessages.NotSixDigits, Reason: VerificationRefusal.MalformedCode);
        }

        for (var race = 1; ; race++)
        {
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var challenge = await db.SignInChallenges.SingleOrDefaultAsync(c => c.Id == challengeId, cancellationToken);
            if (challenge is null)
            {
                return new CodeVerification(null, false, SignInMessages.NoPendingSignIn, Reason: VerificationRefusal.NoPendingSignIn);
            }

            var phone = challenge.Phone;
            if (await LockedUntilAsync(phone, now, cancellationToken) is { } lockedUntil)
            {
                logger.LogInformation("Sign-in code for {Phone} not checked: locked until {LockedUntil}", phone.Masked, lockedUntil);
                return new CodeVerification(null, false, SignInLockout.Describe(lockedUntil, now), Pending(challenge, now, lockedUntil), VerificationRefusal.Locked);
            }

            var hash = _hasher.Hash(phone, code);
            var check = challenge.Attempt(SignInCodeHasher.Matches(hash, challenge.CodeHash), now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (race < MaxUpdateRaces)
            {
                // Someone else tried this code at the same moment; judge again against what they left.
                continue;
            }

            if (check.Accepted)
            {
                var isAdmin = admins.IsAdmin(phone);
                logger.LogInformation("{Phone} signed in as {Role} (challenge {ChallengeId})", phone.Masked, isAdmin ? "admin" : "contestant", challenge.Id);
                return new CodeVerification(phone, isAdmin, null);
            }

            var wrong = check.Outcome is CodeCheckOutcome.Wrong or CodeCheckOutcome.WrongAndExhausted;
            var olderCode = wrong && await MatchesReplacedCodeAsync(db, phone, hash, now, cancellationToken);
            logger.LogInformation("Sign-in code for {Phone} refused: {Outcome}, {AttemptsLeft} attempt(s) left", phone.Masked, check.Outcome, check.AttemptsLeft);
            // A code from an older text is a mistake, not a guess; every other wrong code counts towards the lockout.
            if (wrong && !olderCode && await RecordFailureAsync(phone, now, cancellationToken) is { } lockedNow)
            {
                return new CodeVerification(null, false, SignInLockout.Describe(lockedNow, now), Pending(challenge, now, lockedNow), VerificationRefusal.Locked);
            }

            return new CodeVerification(null, false, SignInMessages.For(check, olderCode, Rules), Pending(challenge, now), VerificationRefusal.CodeRefused);
        }
    }

    private async Task<bool> MatchesReplacedCodeAsync(ContestletDbContext db, PhoneNumber phone, byte[] hash, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var since = now - Rules.CodeLifetime;
        var replaced = await db.SignInChallenges.AsNoTracking()
            .Where(c => c.PhoneE164 == phone.E164 && c.ReplacedAt != null && c.IssuedAt > since)
            .Select(c => c.CodeHash)
            .ToListAsync(cancellationToken);
        return replaced.Any(stored => SignInCodeHasher.Matches(hash, stored));
    }

    private PendingSignIn Pending(SignInChallenge challenge, DateTimeOffset now, DateTimeOffset? lockedUntil = null)
    {
        var state = challenge.StateAt(now);
        return new PendingSignIn(challenge.Id, challenge.Phone.Masked, state, challenge.AttemptsLeft, challenge.ExpiresAt,
            challenge.IssuedAt + Rules.Cooldown,
            lockedUntil is { } until ? SignInLockout.Describe(until, now) : SignInMessages.ForState(state, Rules), lockedUntil);
    }

    /// <summary>QA test numbers sign in with the fixed code and get no SMS; never in Production, whatever the settings say.</summary>
    private string? QaFixedCodeFor(PhoneNumber phone)
    {
        var settings = smsOptions.Value;
        if (environment.IsProduction() || settings.QaFixedCode is null || settings.QaTestNumbers.Count == 0)
        {
            return null;
        }

        return settings.QaTestNumbers.Any(n => PhoneNumber.ParseConfigured(n).E164 == phone.E164) ? settings.QaFixedCode : null;
    }
}

public sealed record CodeRequest(Guid? ChallengeId, string? Refusal, DateTimeOffset? RetryAt)
{
    public static CodeRequest Issued(Guid challengeId, DateTimeOffset resendAt) => new(challengeId, null, resendAt);

    public static CodeRequest Refused(string message, DateTimeOffset? retryAt) => new(null, message, retryAt);
}

/// <summary>The code page's view of a pending sign-in. <see cref="StateMessage"/> is set once the code no longer works.</summary>
public sealed record PendingSignIn(Guid ChallengeId, string MaskedPhone, ChallengeState State, int AttemptsLeft, DateTimeOffset ExpiresAt,
    DateTimeOffset ResendAvailableAt, string? StateMessage, DateTimeOffset? LockedUntil = null)
{
    public bool CodeWorks => State == ChallengeState.Open && LockedUntil is null;
}

/// <summary>Why a code was not accepted; pages branch on this, and show <see cref="CodeVerification.Refusal"/>'s sentence.</summary>
public enum VerificationRefusal
{
    None,
    MalformedCode,
    NoPendingSignIn,
    Locked,
    CodeRefused,
}

public sealed record CodeVerification(PhoneNumber? Phone, bool IsAdmin, string? Refusal, PendingSignIn? Pending = null,
    VerificationRefusal Reason = VerificationRefusal.None)
{
    public bool Accepted => Phone is not null;
}
