using System.Security.Claims;
using Contestlet.Domain.Phones;

namespace Contestlet.Web.Features.Admin;

/// <summary>The signed-in admin an action is recorded against: their E.164 phone and the name they signed in with.</summary>
public sealed record AdminActor(string PhoneE164, string? DisplayName)
{
    public string Masked => PhoneNumber.Mask(PhoneE164);

    /// <summary>Reads the admin from the sign-in cookie's claims (NameIdentifier is the E.164 phone).</summary>
    public static AdminActor FromPrincipal(ClaimsPrincipal user)
    {
        var phone = user.FindFirstValue(ClaimTypes.NameIdentifier)
                    ?? throw new InvalidOperationException("The signed-in admin has no phone number claim.");
        var name = user.Identity?.Name;
        return new AdminActor(phone, string.IsNullOrWhiteSpace(name) || name == phone || name == PhoneNumber.Mask(phone) ? null : name);
    }
}
