namespace Contestlet.Web.Features.Admin;

/// <summary>
/// The outcome of an admin action, the one shape pages read (docs/decisions/022-admin-actions-and-retries.md): done (with the
/// contest's id when there is one), a sentence (a domain refusal, caught in the service by <see cref="AdminChanges"/>), or
/// errors keyed by field.
/// </summary>
public record AdminResult(bool Succeeded, int? ContestId, string? Error, IReadOnlyDictionary<string, string> FieldErrors)
{
    protected static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    public static AdminResult Done(int contestId) => new(true, contestId, null, NoErrors);
    public static AdminResult Failed(string error) => new(false, null, error, NoErrors);
    public static AdminResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(false, null, "Some fields need attention.", errors);

    public static AdminResult<T> Done<T>(T value) => new(true, value, null, NoErrors);
    public static AdminResult<T> Refused<T>(string error) => new(false, default, error, NoErrors);
    public static AdminResult<T> Invalid<T>(IReadOnlyDictionary<string, string> errors) => new(false, default, "Some fields need attention.", errors);
}

/// <summary>An admin action's outcome with what it produced (a draw, a count, a promoted winner) when it succeeded.</summary>
public sealed record AdminResult<T>(bool Succeeded, T? Value, string? Error, IReadOnlyDictionary<string, string> FieldErrors)
    : AdminResult(Succeeded, null, Error, FieldErrors);
