namespace Contestlet.Web.Features.Winners;

/// <summary>
/// The one seam every draw, notify, claim, forfeit and replacement passes through on its way to the audit log.
/// Until the admin audit log (feature/admin-contests) is on main it writes a structured log event; switching to the
/// audit table changes this class only.
/// </summary>
public sealed class WinnersAudit(ILogger<WinnersAudit> logger)
{
    public const string System = "system";

    public void Record(int contestId, string action, string actor, string? detail) =>
        logger.LogInformation("Audit: {Action} on contest {ContestId} by {Actor}: {Detail}", action, contestId, actor, detail);
}
