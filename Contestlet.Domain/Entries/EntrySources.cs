namespace Contestlet.Domain.Entries;

/// <summary>How a source is written for people (grid, CSV, "My entries"): "Web" or "SMS".</summary>
public static class EntrySources
{
    public static string Label(EntrySource source) => source switch
    {
        EntrySource.Sms => "SMS",
        _ => "Web",
    };
}
