using System.Globalization;
using System.Security.Claims;
using Contestlet.Domain.Phones;
using Contestlet.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Contestlet.Web.Features.SignIn;

/// <summary>What the session cookie says about its holder: the proven number, and the Admin role while it is in the admin list.</summary>
public static class Sessions
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string LastActiveKey = ".contestlet.last-active";

    public static ClaimsPrincipal Principal(PhoneNumber phone, bool isAdmin)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, phone.E164),
            new(ClaimTypes.MobilePhone, phone.E164),
            new(ClaimTypes.Name, phone.Masked),
        };
        if (isAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, WebSetup.AdminRole));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static PhoneNumber? PhoneOf(ClaimsPrincipal? principal)
    {
        var value = principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        try
        {
            return value is null ? null : PhoneNumber.FromE164(value);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static Task SignInAsync(HttpContext http, PhoneNumber phone, bool isAdmin, DateTimeOffset now)
    {
        var properties = new AuthenticationProperties { IsPersistent = true };
        MarkActive(properties, now);
        return http.SignInAsync(Scheme, Principal(phone, isAdmin), properties);
    }

    public static DateTimeOffset? LastActive(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(LastActiveKey, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : properties.IssuedUtc;

    public static void MarkActive(AuthenticationProperties properties, DateTimeOffset now) =>
        properties.Items[LastActiveKey] = now.ToString("O", CultureInfo.InvariantCulture);
}
