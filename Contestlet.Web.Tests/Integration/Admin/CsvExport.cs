using System.Text.RegularExpressions;
using Contestlet.Web.Features.Admin.Entries;

namespace Contestlet.Web.Tests.Integration.Admin;

/// <summary>Exports a contest's entries as the console does: the entries page's form, posted with its antiforgery token.</summary>
public static partial class CsvExport
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, int contestId, bool fullPhones = false)
    {
        var page = await client.GetStringAsync($"/admin/contests/{contestId}/entries");
        var token = TokenInput().Match(page);
        Assert.True(token.Success, "The entries page has no antiforgery token for its export form.");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token.Groups[1].Value };
        if (fullPhones)
        {
            fields[AdminEntryEndpoints.PhonesField] = "full";
        }

        return await client.PostAsync(AdminEntryEndpoints.CsvPath(contestId), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
