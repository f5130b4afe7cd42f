using System.Diagnostics;

namespace Contestlet.Web.Tests.Integration.Deploy;

/// <summary>
/// The checked-in nginx site (deploy/nginx) is valid to Debian's nginx (<c>nginx -t</c>) and limits requests per client
/// (issue 13 item 4). scripts/test.sh installs nginx; the deployment test also runs the site for real.
/// </summary>
public sealed class NginxSiteTests : IDisposable
{
    private readonly string _prefix = Directory.CreateTempSubdirectory("contestlet-nginx-").FullName;

    [Fact]
    public async Task TheSiteWithItsRequestLimitsPassesNginxConfigurationTest()
    {
        var site = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot(), "deploy", "nginx", "contestlet.conf"));
        Assert.Contains("limit_req_zone", site, StringComparison.Ordinal);
        Assert.Contains("limit_req zone=contestlet_posts", site, StringComparison.Ordinal);
        Assert.Contains("limit_req zone=contestlet_public", site, StringComparison.Ordinal);
        Assert.Contains("limit_req_status 429;", site, StringComparison.Ordinal);

        var result = await NginxTestAsync(site);

        Assert.True(result.ExitCode == 0, $"nginx -t rejected deploy/nginx/contestlet.conf:\n{result.Output}");
    }

    [Fact]
    public async Task NginxConfigurationTestRejectsALimitOnAnUndeclaredZone()
    {
        // The check above can fail: a limit naming a zone nobody declared is refused.
        var site = (await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot(), "deploy", "nginx", "contestlet.conf")))
            .Replace("limit_req zone=contestlet_public", "limit_req zone=contestlet_undeclared", StringComparison.Ordinal);

        var result = await NginxTestAsync(site);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("contestlet_undeclared", result.Output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> NginxTestAsync(string site)
    {
        // The site's public listen addresses become one loopback port; the upstream comes from its own file, as on a server.
        var loopbackSite = string.Join('\n', site.Split('\n').Where(line => !line.TrimStart().StartsWith("listen ", StringComparison.Ordinal)))
            .Replace("server_name app.contestlet.com;", "server_name app.contestlet.com;\n    listen 127.0.0.1:18099;", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_prefix, "contestlet.conf"), loopbackSite);
        File.Copy(Path.Combine(TestPaths.RepositoryRoot(), "deploy", "nginx", "contestlet-upstream.conf"), Path.Combine(_prefix, "contestlet-upstream.conf"));
        await File.WriteAllTextAsync(Path.Combine(_prefix, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{_prefix}}/nginx.pid;
            error_log {{_prefix}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{_prefix}}/tmp;
                proxy_temp_path {{_prefix}}/tmp;
                include {{_prefix}}/contestlet.conf;
            }
            """);

        var start = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-t", "-p", _prefix + "/", "-c", Path.Combine(_prefix, "nginx.conf"), "-e", Path.Combine(_prefix, "error.log")])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx (scripts/test.sh installs it).");
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public void Dispose() => Directory.Delete(_prefix, recursive: true);
}
