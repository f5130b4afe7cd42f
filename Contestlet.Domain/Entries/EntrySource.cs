namespace Contestlet.Domain.Entries;

/// <summary>How an entry came in: the contest page's form, or a text with the contest's keyword (docs/product.md §3a).</summary>
public enum EntrySource
{
    Web,
    Sms,
}
