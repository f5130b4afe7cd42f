using System.Reflection;

namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>Version and commit of the running build, from the informational version ("0.1.0+3f2a9c1d0b7e").</summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version { get; } = Informational.Split('+')[0];

    public static string Commit { get; } = Informational.Contains('+') ? Informational.Split('+')[1] : "unknown";
}
