using System.Net;
using System.Net.Sockets;

namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>Where the repository is (for tests that read its deploy files or run its scripts) and a free loopback port.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Contestlet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Contestlet.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
