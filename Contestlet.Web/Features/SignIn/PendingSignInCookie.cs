using System.Security.Cryptography;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.SignIn;

/// <summary>
/// Carries the pending sign-in between the phone and code steps. The browser holds only a data-protected challenge
/// id: it cannot read it, forge one, or swap in another phone number.
/// </summary>
public sealed class PendingSignInCookie(IDataProtectionProvider protection, IHostEnvironment environment, IOptions<AuthOptions> auth)
{
    public const string Name = "contestlet.signin";
    private readonly IDataProtector _protector = protection.CreateProtector("Contestlet.SignIn.Pending.v1");

    public void Write(HttpContext http, Guid challengeId) =>
        http.Response.Cookies.Append(Name, _protector.Protect(challengeId.ToString("N")), Options());

    public Guid? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(_protector.Unprotect(value), "N", out var id) ? id : null;
        }
        catch (CryptographicException)
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
        Path = "/signin",
        IsEssential = true,
        MaxAge = TimeSpan.FromMinutes(auth.Value.Limits.CodeLifetimeMinutes + 5),
    };
}
