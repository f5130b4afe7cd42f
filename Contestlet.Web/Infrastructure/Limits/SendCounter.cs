namespace Contestlet.Web.Infrastructure.Limits;

/// <summary>
/// How many sends one app-wide limit has counted in one bucket (the sign-in SMS budget's hour and day, staging's day):
/// one row per bucket, raised by a conditional upsert that stops at the limit (<see cref="SendLedger"/>,
/// docs/decisions/027-app-wide-send-counters.md). Every sender of the app passes through these rows, so they hold a
/// number and no history: the row is locked for one statement and the commit.
/// </summary>
public sealed class SendCounter
{
    public const int BucketMaxLength = 32;

    public string Scope { get; private set; } = null!;
    public string Bucket { get; private set; } = null!;
    public long Count { get; private set; }

    private SendCounter()
    {
    }
}
