namespace Contestlet.Web.Features.Admin;

/// <summary>The outcome of an admin action: done (with the contest's id), a sentence, or errors keyed by field.</summary>
public sealed record AdminResult(bool Succeeded, int? ContestId, string? Error, IReadOnlyDictionary<string, string> FieldErrors)
{
    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    public static AdminResult Done(int contestId) => new(true, contestId, null, NoErrors);
    public static AdminResult Failed(string error) => new(false, null, error, NoErrors);
    public static AdminResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(false, null, "Some fields need attention.", errors);
}
