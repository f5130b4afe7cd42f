using System.Buffers.Text;
using System.Security.Cryptography;
using Contestlet.Domain.Entries;

namespace Contestlet.Web.Features.Entries;

/// <summary>
/// A random id the browser keeps in a first-party cookie, so fraud review can see one browser entering with several
/// numbers. It says nothing about the person; docs/security.md says how long it is kept.
/// </summary>
public sealed class BrowserIdCookie(IHostEnvironment environment)
{
    public const string Name = "contestlet.browser";
    private const int IdBytes = 16;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>The entry's origin: the client's network and this browser's id (given one now when it has none).</summary>
    public EntryOrigin OriginOf(HttpContext http) => EntryOrigin.From(http.Connection.RemoteIpAddress, IdOf(http));

    private string IdOf(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(Name, out var value) && IsWellFormed(value))
        {
            return value;
        }

        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Append(Name, id, new CookieOptions
            {
                HttpOnly = true,
                Secure = !environment.IsDevelopment(),
                SameSite = SameSiteMode.Lax,
                Path = "/",
                IsEssential = true,
                MaxAge = Lifetime,
            });
        }

        return id;
    }

    private static bool IsWellFormed(string? value) =>
        value is { Length: 22 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
