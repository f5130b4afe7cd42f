using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Contestlet.Web.Features.Health;

/// <summary>
/// Who may read readiness details: a client on this machine (the deploy scripts, a local probe) or one presenting
/// HEALTH_TOKEN. "On this machine" is judged after the forwarded-headers middleware: a request through nginx comes
/// from 127.0.0.1 but carries its real client in X-Forwarded-For, so it counts as that client, not as loopback.
/// </summary>
public static class HealthDetails
{
    public const string TokenHeader = "X-Health-Token";

    public static bool AllowedFor(HttpContext http, string? token)
    {
        if (http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))
        {
            return true;
        }

        var presented = http.Request.Headers[TokenHeader].ToString();
        return !string.IsNullOrEmpty(token) && presented.Length > 0
               && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));
    }
}
