using Contestlet.Domain.Audit;

namespace Contestlet.Web.Tests.Domain.Audit;

public sealed class AuditEntryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryActionNameFitsTheStoredColumn() =>
        Assert.All(Enum.GetNames<AuditAction>(), name => Assert.InRange(name.Length, 1, AuditEntry.ActionMaxLength));

    [Fact]
    public void ShowsJobsByNameContestantsAnonymouslyAndAdminsByNameElseMaskedPhone()
    {
        Assert.Equal("system (forfeiture job)", AuditEntry.For(1, "C", AuditAction.PrizeForfeited, AuditEntry.SystemActor, AuditEntry.ForfeitureJob, Now).ShownActor);
        Assert.Equal("system (purge job)", AuditEntry.For(1, "C", AuditAction.Purged, AuditEntry.SystemActor, null, Now).ShownActor);
        Assert.Equal("contestant", AuditEntry.For(1, "C", AuditAction.PrizeClaimed, AuditEntry.ContestantActor, null, Now).ShownActor);
        Assert.Equal("Dana", AuditEntry.For(1, "C", AuditAction.Drawn, "+18187958204", "Dana", Now).ShownActor);
        Assert.Equal("+1•••••8204", AuditEntry.For(1, "C", AuditAction.Drawn, "+18187958204", null, Now).ShownActor);
    }

    [Theory]
    [InlineData(AuditAction.WinnersNotified, "Winners notified")]
    [InlineData(AuditAction.FailedSmsRetried, "Failed SMS retried")]
    [InlineData(AuditAction.Drawn, "Drawn")]
    public void ShowsActionsInWords(AuditAction action, string shown) =>
        Assert.Equal(shown, AuditEntry.For(null, null, action, "+18187958204", null, Now).ShownAction);
}
