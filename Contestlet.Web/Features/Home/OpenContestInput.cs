using Contestlet.Domain.Contests;

namespace Contestlet.Web.Features.Home;

/// <summary>Reads what people paste into "open a contest": a bare code, or any link that ends in /c/{code}.</summary>
public static class OpenContestInput
{
    public static string? ExtractCode(string input)
    {
        var text = input.Trim();
        var marker = text.LastIndexOf("/c/", StringComparison.OrdinalIgnoreCase);
        if (marker >= 0)
        {
            text = text[(marker + 3)..].Split('/', '?', '#')[0];
        }

        return ContestCode.TryParse(text, out var code) ? code.Value : null;
    }
}
