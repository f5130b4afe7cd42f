using System.ComponentModel.DataAnnotations;
using Contestlet.Domain.Phones;

namespace Contestlet.Web.Features.SignIn;

public sealed class PhoneInput
{
    [Required(ErrorMessage = "Enter your mobile number.")]
    [StringLength(PhoneNumber.InputMaxLength, ErrorMessage = "That is too long for a phone number.")]
    public string? Phone { get; set; }
}

public sealed class CodeInput
{
    [Required(ErrorMessage = SignInMessages.NotSixDigits)]
    [StringLength(20, ErrorMessage = SignInMessages.NotSixDigits)]
    public string? Code { get; set; }
}
