using Contestlet.Domain.Messaging;
using Contestlet.Domain.Notifications;

namespace Contestlet.Domain.Contests;

/// <summary>Everything about a contest an admin writes, apart from its schedule.</summary>
public sealed record ContestDetails
{
    public const int MinClaimWindowHours = 1;
    public const int MaxClaimWindowHours = 24 * 60;

    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string? ImageUrl { get; init; }
    public required string SponsorName { get; init; }
    public string? SponsorUrl { get; init; }
    public required Prize Prize { get; init; }
    public Eligibility Eligibility { get; init; } = new();
    public OfficialRules Rules { get; init; } = new();
    public MessageTemplates Messages { get; init; } = new();
    public int ClaimWindowHours { get; init; } = Contest.DefaultClaimWindowHours;

    /// <summary>The SMS keyword as typed ("surf"), or null for a contest entered on the web only; see <see cref="SmsKeyword"/>.</summary>
    public string? Keyword { get; init; }

    /// <summary>Double opt-in: a text with the keyword is answered "Reply YES to enter" and enters only on the YES.</summary>
    public bool SmsDoubleOptIn { get; init; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors[nameof(Name)] = "Give the contest a name.";
        }
        else if (Name.Trim().Length > Contest.NameMaxLength)
        {
            errors[nameof(Name)] = $"The name can be at most {Contest.NameMaxLength} characters.";
        }

        if (Description.Length > Contest.DescriptionMaxLength)
        {
            errors[nameof(Description)] = $"The description can be at most {Contest.DescriptionMaxLength} characters.";
        }

        if (string.IsNullOrWhiteSpace(SponsorName))
        {
            errors[nameof(SponsorName)] = "Name the sponsor.";
        }
        else if (SponsorName.Trim().Length > Contest.SponsorNameMaxLength)
        {
            errors[nameof(SponsorName)] = $"The sponsor name can be at most {Contest.SponsorNameMaxLength} characters.";
        }

        if (ImageUrl is not null && !IsHttpUrl(ImageUrl) && !IsSitePath(ImageUrl))
        {
            errors[nameof(ImageUrl)] = "The image URL must start with https://, http:// or / (an image on this site).";
        }

        if (SponsorUrl is not null && !IsHttpUrl(SponsorUrl))
        {
            errors[nameof(SponsorUrl)] = "The sponsor URL must start with https:// or http://.";
        }

        if (ClaimWindowHours is < MinClaimWindowHours or > MaxClaimWindowHours)
        {
            errors[nameof(ClaimWindowHours)] = $"The claim window must be between {MinClaimWindowHours} and {MaxClaimWindowHours} hours.";
        }

        foreach (var (key, message) in Prize.Validate())
        {
            errors["Prize." + key] = message;
        }

        foreach (var (key, message) in Eligibility.Validate())
        {
            errors["Eligibility." + key] = message;
        }

        if (Rules.TermsUrl is not null && !IsHttpUrl(Rules.TermsUrl))
        {
            errors["Rules.TermsUrl"] = "The terms URL must start with https:// or http://.";
        }

        if (Rules.SponsorLegalName?.Length > Contest.SponsorNameMaxLength)
        {
            errors["Rules.SponsorLegalName"] = $"The legal sponsor name can be at most {Contest.SponsorNameMaxLength} characters.";
        }

        if (Rules.EligibilityText?.Length > OfficialRules.TextMaxLength)
        {
            errors["Rules.EligibilityText"] = $"The eligibility text can be at most {OfficialRules.TextMaxLength} characters.";
        }

        if (!string.IsNullOrWhiteSpace(Keyword) && !SmsKeyword.TryParse(Keyword, out _, out var keywordError))
        {
            errors[nameof(Keyword)] = keywordError;
        }

        foreach (var (key, template) in Messages.ByKey)
        {
            if (template is null)
            {
                continue;
            }

            if (template.Length > MessageTemplates.MaxLength)
            {
                errors["Messages." + key] = $"A message can be at most {MessageTemplates.MaxLength} characters.";
            }
            else if (MessagePlaceholders.Problem(template, Enum.Parse<NotificationType>(key)) is { } problem)
            {
                errors["Messages." + key] = problem;
            }
        }

        return errors;
    }

    private static bool IsSitePath(string value) => value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal);

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
