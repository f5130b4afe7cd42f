using System.Net;
using System.Net.Sockets;

namespace Contestlet.Web.Features.SignIn;

/// <summary>The client address the per-IP cap counts against.</summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    /// <summary>IPv6 clients are counted per /64: one household or phone gets a whole /64 and could rotate inside it.</summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
