namespace Contestlet.Web.Infrastructure.Limits;

/// <summary>
/// One send counted against one limit (a number, a client address, staging's day). Within a (scope, key) the
/// sequence numbers are consecutive and unique, so two instances that judged the same history cannot both record
/// the next send: the database refuses the second, which then judges again.
/// </summary>
public sealed class SendLedgerEntry
{
    public const int ScopeMaxLength = 16;
    public const int KeyMaxLength = 64;

    public long Id { get; private set; }
    public string Scope { get; private set; } = null!;
    public string Key { get; private set; } = null!;
    public long Sequence { get; private set; }
    public DateTimeOffset At { get; private set; }

    private SendLedgerEntry()
    {
    }

    public SendLedgerEntry(string scope, string key, long sequence, DateTimeOffset at)
    {
        Scope = scope;
        Key = key;
        Sequence = sequence;
        At = at;
    }
}
