using Contestlet.Web.Features.Admin;

namespace Contestlet.Web.Tests;

/// <summary>
/// For admin services built by hand in tests about something else: every actor may act. The check itself is proven on
/// the app's own registration in <c>Integration/Admin/AdminAccessCheckTests</c>.
/// </summary>
public sealed class TestAdminAccess : IAdminAccessCheck
{
    public static IAdminAccessCheck Everyone { get; } = new TestAdminAccess();

    public ValueTask<string?> RefusalAsync(AdminActor admin, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
