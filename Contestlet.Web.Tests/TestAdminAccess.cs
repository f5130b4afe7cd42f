using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests;

/// <summary>
/// For admin services built by hand in tests about something else: every actor may act. The check itself is proven on
/// the app's own registration in <c>Integration/Admin/AdminAccessCheckTests</c>.
/// </summary>
public sealed class TestAdminAccess : IAdminAccessCheck
{
    public static IAdminAccessCheck Everyone { get; } = new TestAdminAccess();

    /// <summary>The admin actions' helper over <paramref name="dbFactory"/>, letting every actor act.</summary>
    public static AdminChanges Changes(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time) => new(dbFactory, Everyone, time);

    public ValueTask<string?> RefusalAsync(AdminActor admin, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
