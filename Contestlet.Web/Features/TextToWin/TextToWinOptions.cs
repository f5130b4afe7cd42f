using System.ComponentModel.DataAnnotations;

namespace Contestlet.Web.Features.TextToWin;

/// <summary>What the SMS program says about itself (section "TextToWin"): HELP answers with these (CTIA).</summary>
public sealed class TextToWinOptions
{
    public const string Section = "TextToWin";

    [Required, StringLength(40, MinimumLength = 1)]
    public string ProgramName { get; set; } = "Contestlet";

    /// <summary>How to reach the people who run the program: an address or a phone number.</summary>
    [Required, StringLength(80, MinimumLength = 1)]
    public string SupportContact { get; set; } = "help@contestlet.example";
}
