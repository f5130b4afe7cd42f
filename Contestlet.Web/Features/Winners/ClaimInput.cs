using System.ComponentModel.DataAnnotations;
using Contestlet.Domain.Winners;

namespace Contestlet.Web.Features.Winners;

public sealed class ClaimInput
{
    [Required(ErrorMessage = "Enter your full name.")]
    [StringLength(PrizeAward.NameMaxLength, ErrorMessage = "Your name must be at most 120 characters.")]
    public string? FullName { get; set; }

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "That doesn't look like an email address.")]
    [StringLength(PrizeAward.EmailMaxLength, ErrorMessage = "That email address is too long.")]
    public string? Email { get; set; }
}
