using System.Net;
using System.Net.Sockets;

namespace Contestlet.Domain.Entries;

/// <summary>
/// Where a web entry came from, reduced to what the fraud signals need: the client's network (never the full address)
/// and a random id the browser keeps in a first-party cookie. SMS entries have none.
/// </summary>
public sealed record EntryOrigin(string? NetworkPrefix, string? BrowserId)
{
    public const int NetworkPrefixMaxLength = 48;
    public const int BrowserIdMaxLength = 32;

    public static EntryOrigin From(IPAddress? address, string? browserId) =>
        new(NetworkOf(address), browserId is { Length: > 0 and <= BrowserIdMaxLength } ? browserId : null);

    /// <summary>
    /// The /24 of an IPv4 address ("203.0.113.0/24") or the /64 of an IPv6 one: a household, an office or a phone's
    /// carrier allocation, which is what repeated entries share, without keeping the address that identifies one device.
    /// </summary>
    public static string? NetworkOf(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[3] = 0;
            return new IPAddress(bytes) + "/24";
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
