namespace Contestlet.Domain.Contests;

/// <summary>SMS texts a contest sends; null means that message is not sent.</summary>
public sealed record MessageTemplates
{
    public const int MaxLength = 640;

    public string? EntryConfirmation { get; init; }
    public string? Winner { get; init; }
    public string? NonWinner { get; init; }
    public string? Reminder { get; init; }
}
