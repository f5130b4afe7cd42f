using Contestlet.Domain.Phones;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.SignIn;

/// <summary>
/// Who is an admin right now: the configured numbers (any spelling) normalised to E.164. Read on every request,
/// so a number removed from the settings loses admin access on its next request.
/// </summary>
public sealed class AdminDirectory(IOptionsMonitor<AuthOptions> options)
{
    private (List<string> Source, HashSet<string> Numbers)? _cache;

    public bool IsAdmin(PhoneNumber phone) => Numbers().Contains(phone.E164);

    private HashSet<string> Numbers()
    {
        var source = options.CurrentValue.AdminPhones;
        if (_cache is { } cached && ReferenceEquals(cached.Source, source))
        {
            return cached.Numbers;
        }

        // The settings validator has already refused unparseable entries at start-up.
        var numbers = source.Select(n => PhoneNumber.ParseConfigured(n).E164).ToHashSet(StringComparer.Ordinal);
        _cache = (source, numbers);
        return numbers;
    }
}
