using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Contestlet.Web.Features.SignIn;

public static class SignInEndpoints
{
    /// <summary>POST /signout from a form with an antiforgery token (a GET would let any page sign people out).</summary>
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/signout", async (HttpContext http, [FromForm(Name = "returnUrl")] string? returnUrl, ILogger<SignInService> logger) =>
        {
            if (Sessions.PhoneOf(http.User) is { } phone)
            {
                logger.LogInformation("{Phone} signed out", phone.Masked);
            }

            await http.SignOutAsync(Sessions.Scheme);
            return Results.LocalRedirect(SafeReturnUrl.Sanitize(returnUrl));
        });
        return endpoints;
    }
}
