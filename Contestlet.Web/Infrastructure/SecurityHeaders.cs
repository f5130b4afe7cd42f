namespace Contestlet.Web.Infrastructure;

/// <summary>
/// The browser-side defences every response carries (issue 13 item 5), from the app itself so they hold behind any
/// proxy. HSTS is added by <c>UseHsts</c> outside Development (<see cref="WebSetup.UseContestletPipeline"/>).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// No inline script anywhere: Blazor's and MudBlazor's scripts and contestant.js are files from this origin, and the
    /// import map is not rendered (an inline <c>script</c>). MudBlazor writes <c>style</c> attributes, so inline styles
    /// stay allowed; styles cannot run code. <c>connect-src 'self'</c> covers the console's WebSocket (CSP 3).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseContestletSecurityHeaders(this WebApplication app)
    {
        app.UseSecurityHeaders(policies => policies
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            // Claim links carry a token in the path: no page of this site tells another site (or our own logs) where it came from.
            .AddReferrerPolicyNoReferrer()
            .AddCrossOriginOpenerPolicy(coop => coop.SameOrigin())
            .AddPermissionsPolicy(permissions =>
            {
                permissions.AddAccelerometer().None();
                permissions.AddCamera().None();
                permissions.AddGeolocation().None();
                permissions.AddGyroscope().None();
                permissions.AddMagnetometer().None();
                permissions.AddMicrophone().None();
                permissions.AddPayment().None();
                permissions.AddUsb().None();
            })
            // One fixed value on every response, HTML or not (a text file opened in a tab cannot be framed either).
            .AddCustomHeader("Content-Security-Policy", ContentSecurityPolicy));
        return app;
    }
}
