namespace Contestlet.Web.Features.SignIn;

/// <summary>Where to go after signing in: a path on this site only, so a crafted link cannot send people elsewhere.</summary>
public static class SafeReturnUrl
{
    public const string Home = "/";

    public static string Sanitize(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl) || returnUrl.Length > 2048)
        {
            return Home;
        }

        // "/path" only: not "//host", not "/\host" (browsers treat both as another site), no scheme, no control characters.
        var isLocal = returnUrl[0] == '/'
                      && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
                      && !returnUrl.Any(char.IsControl);
        if (!isLocal || returnUrl.StartsWith("/signin", StringComparison.OrdinalIgnoreCase))
        {
            return Home;
        }

        return returnUrl;
    }

    public static string Query(string? returnUrl) =>
        Sanitize(returnUrl) is var safe && safe == Home ? "" : $"?returnUrl={Uri.EscapeDataString(safe)}";
}
