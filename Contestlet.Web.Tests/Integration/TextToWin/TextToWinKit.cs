using System.Security.Cryptography;
using System.Text;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.TextToWin;

/// <summary>Texts the app the way Twilio does (signed webhooks, signature computed here independently) and reads its replies.</summary>
internal static class TextToWinKit
{
    public const string AuthToken = "text-to-win-test-token";
    public const string OurNumber = "+12135550100";
    public const string SiteBase = "https://contestlet.test";
    private const string InboundUrl = "http://localhost/webhooks/twilio/inbound";

    /// <summary>The outbox worker is off so every reply stays in the outbox for the test to read.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Sms:Twilio:AuthToken"] = AuthToken,
        ["Sms:Twilio:FromNumber"] = OurNumber,
        ["Outbox:Enabled"] = "false",
        ["Winners:PublicBaseUrl"] = SiteBase,
        ["Winners:ForfeitureJobEnabled"] = "false",
        ["TextToWin:ProgramName"] = "Contestlet Test",
        ["TextToWin:SupportContact"] = "help@contestlet.test",
    };

    public static Task WithAppAsync(string provider, Func<ContestletAppFactory, Task> test) =>
        DatabaseProviders.WithAppAsync(provider, test, settings: Settings);

    public static string NewSid() => "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static PhoneNumber Phone(int n) => PhoneNumber.FromE164($"+1555011{n:0000}");

    /// <summary>POSTs a signed inbound webhook; returns the HTTP status.</summary>
    public static async Task<System.Net.HttpStatusCode> TextAsync(HttpClient client, string from, string body, string? messageSid = null)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid ?? NewSid(),
            ["AccountSid"] = "AC00000000000000000000000000000000",
            ["From"] = from,
            ["To"] = OurNumber,
            ["Body"] = body,
            ["NumMedia"] = "0",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign(form));
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Twilio's documented scheme: URL, then each parameter name and value in name order, HMAC-SHA1, base64.</summary>
    private static string Sign(IDictionary<string, string> form)
    {
        var text = InboundUrl + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's scheme.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(AuthToken));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    public static ContestDetails Details(string keyword, string name = "Surf Contest", Eligibility? eligibility = null, bool doubleOptIn = false) =>
        TestContests.Details(name, eligibility) with { Keyword = keyword, SmsDoubleOptIn = doubleOptIn };

    /// <summary>A published contest with a keyword, open from an hour ago for five hours unless a schedule is given.</summary>
    public static async Task<Contest> SeedAsync(ContestletAppFactory app, ContestDetails details, ContestSchedule? schedule = null, DateTimeOffset? publishedAt = null)
    {
        var now = app.Time.GetUtcNow();
        var contest = Contest.Create(details, schedule ?? new ContestSchedule(now.AddHours(-1), now.AddHours(5), "America/New_York"), (publishedAt ?? now).AddMinutes(-1));
        contest.Publish(publishedAt ?? now, TestSeeds.Vault);
        await using var db = app.CreateDbContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }

    /// <summary>Every text queued for <paramref name="phone"/>, oldest first.</summary>
    public static async Task<List<Notification>> RepliesToAsync(ContestletAppFactory app, PhoneNumber phone)
    {
        await using var db = app.CreateDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.ToE164 == phone.E164).OrderBy(n => n.Id).ToListAsync();
    }

    public static async Task<int> EntriesAsync(ContestletAppFactory app, int contestId)
    {
        await using var db = app.CreateDbContext();
        return await db.Entries.CountAsync(e => e.ContestId == contestId);
    }
}
