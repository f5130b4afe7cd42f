using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.SignIn;

namespace Contestlet.Web.Features.Entries;

/// <summary>
/// The web entry flow (docs/decisions/015-entry-flow-and-admin-actions.md), post/redirect/get: a form post either enters
/// (a signed-in contestant), asks for a code (anyone else; the request waits in <see cref="PendingEntryCookie"/>), or is
/// refused with the domain's message. The code form's post completes a waiting entry. Only posts create entries, always
/// through <see cref="EntryService.EnterAsync(string, PhoneNumber, EntryRequest, CancellationToken)"/>; the entered page they redirect to only reads.
/// </summary>
public sealed class EntryFlow(EntryService entries, SignInService signIn, PendingSignInCookie pendingSignIn, PendingEntryCookie pendingEntry,
    BrowserIdCookie browserIds, TimeProvider time)
{
    /// <summary>The query parameter of the entered page that names why an entry waiting for a code was refused.</summary>
    public const string RefusedParameter = "refused";

    /// <summary>The contest form's post.</summary>
    /// <param name="signedIn">The signed-in contestant's number, or null for a visitor who typed <paramref name="phoneInput"/>.</param>
    public async Task<EntryStep> StartAsync(HttpContext http, Contest contest, PhoneNumber? signedIn, string? phoneInput, EntryRequest request,
        CancellationToken cancellationToken)
    {
        var phone = signedIn;
        var problems = new List<EntryProblem>();
        if (phone is null && !PhoneNumber.TryParse(phoneInput, signIn.PhonePolicy, out phone, out var phoneError))
        {
            problems.Add(new EntryProblem(nameof(EntryInput.Phone), phoneError));
        }

        // The contest's own rules first, so nobody proves their number only to be told they can't enter.
        if (contest.CheckEntry(request, time.GetUtcNow()) is { } refusal)
        {
            problems.Add(new EntryProblem(refusal.Field, refusal.Message));
        }

        if (problems.Count > 0 || phone is null)
        {
            return EntryStep.Refused(problems);
        }

        if (signedIn is not null)
        {
            return await EnterAsync(http, contest.Code, signedIn, request, cancellationToken);
        }

        var code = await signIn.RequestCodeAsync(phone, ClientAddress.KeyOf(http.Connection.RemoteIpAddress), cancellationToken);
        if (code.ChallengeId is not { } challengeId)
        {
            return EntryStep.Refused([new EntryProblem(null, code.Refusal!)]);
        }

        pendingSignIn.Write(http, challengeId);
        pendingEntry.Write(http, contest.Code, request);
        return new EntryStep(EntryStepKind.CodeNeeded, $"/signin/code{SafeReturnUrl.Query(EnteredPath(contest.Code))}", []);
    }

    /// <summary>
    /// The code form's post, once the number is proven: enters the contest the visitor asked for. Null when no entry was
    /// waiting (a plain sign-in). A refusal redirects too: to the entered page, which names it.
    /// </summary>
    public async Task<EntryStep?> CompleteAsync(HttpContext http, PhoneNumber provenPhone, CancellationToken cancellationToken)
    {
        if (pendingEntry.Read(http) is not { } pending)
        {
            return null;
        }

        pendingEntry.Clear(http);
        var step = await EnterAsync(http, pending.ContestCode, provenPhone, pending.Request, cancellationToken);
        return step.Kind == EntryStepKind.Refused
            ? step with { RedirectTo = $"{EnteredPath(pending.ContestCode)}?{RefusedParameter}={step.Reason}" }
            : step;
    }

    /// <summary>The read-only page that shows the signed-in contestant's entry in a contest.</summary>
    public static string EnteredPath(string contestCode, bool already = false) => $"/c/{contestCode}/entered{(already ? "?already=1" : "")}";

    private async Task<EntryStep> EnterAsync(HttpContext http, string contestCode, PhoneNumber phone, EntryRequest request,
        CancellationToken cancellationToken)
    {
        // The entering browser's network and id, for the fraud review.
        var outcome = await entries.EnterAsync(contestCode, phone, request with { Origin = browserIds.OriginOf(http) }, cancellationToken);
        return outcome.Result switch
        {
            EntryResult.Accepted => new EntryStep(EntryStepKind.Entered, EnteredPath(contestCode), []),
            EntryResult.AlreadyEntered => new EntryStep(EntryStepKind.AlreadyEntered, EnteredPath(contestCode, already: true), []),
            _ => EntryStep.Refused([new EntryProblem(outcome.Refusal!.Field, outcome.Refusal.Message)], outcome.Refusal.Reason),
        };
    }
}

public enum EntryStepKind
{
    Entered,
    AlreadyEntered,
    CodeNeeded,
    Refused,
}

/// <summary>A refusal's message, and the form field it is about (null: the whole form).</summary>
public sealed record EntryProblem(string? Field, string Message);

/// <summary>Where a post of the entry flow goes next: a redirect, or (refused) the problems to show on the form.</summary>
public sealed record EntryStep(EntryStepKind Kind, string? RedirectTo, IReadOnlyList<EntryProblem> Problems, EntryRefusalReason? Reason = null)
{
    public static EntryStep Refused(IReadOnlyList<EntryProblem> problems, EntryRefusalReason? reason = null) =>
        new(EntryStepKind.Refused, null, problems, reason);
}
