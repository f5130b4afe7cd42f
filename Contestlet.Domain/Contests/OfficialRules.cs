namespace Contestlet.Domain.Contests;

/// <summary>The fields the generated official-rules page is built from.</summary>
public sealed record OfficialRules
{
    public const int TextMaxLength = 4000;

    /// <summary>The legal sponsor named in the rules (may differ from the display sponsor).</summary>
    public string? SponsorLegalName { get; init; }
    public string? EligibilityText { get; init; }
    public string? TermsUrl { get; init; }
}
