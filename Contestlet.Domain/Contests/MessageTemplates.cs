namespace Contestlet.Domain.Contests;

/// <summary>SMS texts a contest sends; null means that message is not sent.</summary>
public sealed record MessageTemplates
{
    public const int MaxLength = 640;

    public string? EntryConfirmation { get; init; }
    public string? Winner { get; init; }
    public string? NonWinner { get; init; }
    public string? Reminder { get; init; }

    /// <summary>The templates by property name, the keys field errors use ("Messages.Winner").</summary>
    public IEnumerable<(string Key, string? Template)> ByKey =>
    [
        (nameof(EntryConfirmation), EntryConfirmation),
        (nameof(Winner), Winner),
        (nameof(NonWinner), NonWinner),
        (nameof(Reminder), Reminder),
    ];
}
