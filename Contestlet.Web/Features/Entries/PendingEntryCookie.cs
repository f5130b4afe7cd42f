using System.Security.Cryptography;
using System.Text.Json;
using Contestlet.Domain.Entries;
using Microsoft.AspNetCore.DataProtection;

namespace Contestlet.Web.Features.Entries;

/// <summary>
/// Remembers what a person asked for on the contest page (state, confirmation) while they prove their number, so the
/// entry is recorded the moment the code is right. Data-protected and time-limited: the browser can neither read nor
/// forge it, and it only ever enters the signed-in person.
/// </summary>
public sealed class PendingEntryCookie(IDataProtectionProvider protection, IHostEnvironment environment)
{
    public const string Name = "contestlet.entry";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Contestlet.Entry.Pending.v1").ToTimeLimitedDataProtector();

    private sealed record Payload(string Code, string? State, bool Confirmed);

    public void Write(HttpContext http, string contestCode, EntryRequest request) =>
        http.Response.Cookies.Append(Name,
            _protector.Protect(JsonSerializer.Serialize(new Payload(contestCode, request.State, request.ConfirmedAgeRulesAndSms)), Lifetime),
            Options());

    /// <summary>The pending request for this contest, or null when there is none (or it is for another contest).</summary>
    public EntryRequest? Read(HttpContext http, string contestCode)
    {
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(value));
            return payload is not null && string.Equals(payload.Code, contestCode, StringComparison.OrdinalIgnoreCase)
                ? new EntryRequest(payload.State, payload.Confirmed)
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public void Clear(HttpContext http) => http.Response.Cookies.Delete(Name, Options());

    private CookieOptions Options() => new()
    {
        HttpOnly = true,
        Secure = !environment.IsDevelopment(),
        SameSite = SameSiteMode.Lax,
        Path = "/c",
        IsEssential = true,
        MaxAge = Lifetime,
    };
}
