using System.ComponentModel.DataAnnotations;
using Contestlet.Domain.Phones;

namespace Contestlet.Web.Features.Entries;

/// <summary>The contest page's entry form. Rules beyond "is something there" are the domain's.</summary>
public sealed class EntryInput
{
    [MaxLength(PhoneNumber.InputMaxLength)]
    public string? Phone { get; set; }

    [MaxLength(2)]
    public string? State { get; set; }

    public bool Confirmed { get; set; }
}
