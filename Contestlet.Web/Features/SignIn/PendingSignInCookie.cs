using System.Globalization;
using System.Security.Cryptography;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.SignIn;

/// <summary>
/// Carries the pending sign-in between the phone and code steps. The browser holds only a data-protected challenge
/// id: it cannot read it, forge one, or swap in another phone number. It also carries when "Send code" answered, so the
/// resend countdown is the same for every number (a number in its cooldown must not show a shorter one).
/// </summary>
public sealed class PendingSignInCookie(IDataProtectionProvider protection, IHostEnvironment environment, IOptions<AuthOptions> auth,
    TimeProvider time)
{
    public const string Name = "contestlet.signin";
    private readonly IDataProtector _protector = protection.CreateProtector("Contestlet.SignIn.Pending.v1");

    public void Write(HttpContext http, Guid challengeId) =>
        http.Response.Cookies.Append(Name,
            _protector.Protect($"{challengeId:N}|{time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"), Options());

    public Guid? Read(HttpContext http) => ReadBoth(http)?.ChallengeId;

    /// <summary>When "Send code" answered; null for a cookie written before this was recorded.</summary>
    public DateTimeOffset? AnsweredAt(HttpContext http) => ReadBoth(http)?.AnsweredAt;

    private (Guid ChallengeId, DateTimeOffset? AnsweredAt)? ReadBoth(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = _protector.Unprotect(value).Split('|');
        }
        catch (CryptographicException)
        {
            return null;
        }

        if (!Guid.TryParseExact(parts[0], "N", out var id))
        {
            return null;
        }

        return parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? (id, DateTimeOffset.FromUnixTimeSeconds(seconds))
            : (id, null);
    }

    public void Clear(HttpContext http) => http.Response.Cookies.Delete(Name, Options());

    private CookieOptions Options() => new()
    {
        HttpOnly = true,
        Secure = !environment.IsDevelopment(),
        SameSite = SameSiteMode.Lax,
        Path = "/signin",
        IsEssential = true,
        MaxAge = TimeSpan.FromMinutes(auth.Value.Limits.CodeLifetimeMinutes + 5),
    };
}
