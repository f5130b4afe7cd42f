using Contestlet.Domain.Notifications;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Notifications;

/// <summary>
/// The outbox worker and Twilio's status callback both change a row that is being sent, at nearly the same moment: each
/// reads it, decides, and writes back only if its status and owner are still what it read (one conditional UPDATE), so
/// neither overwrites the other's news; the loser reads again and decides again.
/// </summary>
internal static class NotificationWrites
{
    public const int MaxTries = 5;

    public static async Task<bool> SaveIfUnchangedAsync(ContestletDbContext db, Notification changed, NotificationStatus readStatus,
        string? readLockedBy, CancellationToken cancellationToken)
    {
        var rows = await db.Notifications
            .Where(n => n.Id == changed.Id && n.Status == readStatus && n.LockedBy == readLockedBy)
            .ExecuteUpdateAsync(set => set
                .SetProperty(n => n.Status, changed.Status)
                .SetProperty(n => n.ProviderMessageId, changed.ProviderMessageId)
                .SetProperty(n => n.ErrorCode, changed.ErrorCode)
                .SetProperty(n => n.Error, changed.Error)
                .SetProperty(n => n.SentAt, changed.SentAt)
                .SetProperty(n => n.NextAttemptAt, changed.NextAttemptAt)
                .SetProperty(n => n.LockedBy, changed.LockedBy)
                .SetProperty(n => n.LockedUntil, changed.LockedUntil)
                .SetProperty(n => n.UpdatedAt, changed.UpdatedAt), cancellationToken);
        return rows == 1;
    }
}
