using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Contestlet.Web.Tests.Integration.Deploy;

/// <summary>
/// The checked-in nginx site (deploy/nginx/contestlet.conf) under Debian's nginx, in a scratch folder on loopback ports:
/// <c>nginx -t</c> accepts it with its per-client request limits (issue 13 item 4), and when it runs, its access log never
/// holds a claim token (issue 13 item 11). The app behind it is either the checked-in upstream file (for <c>nginx -t</c>)
/// or a stub server in the same nginx, so these tests need nothing but nginx (scripts/test.sh installs it); the
/// deployment test runs the site in front of the real app.
/// </summary>
public sealed partial class NginxSiteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("contestlet-nginx-").FullName;
    private Process? _nginx;

    [Fact]
    public async Task TheSiteWithItsRequestLimitsPassesNginxConfigurationTest()
    {
        var site = await ReadSiteAsync();
        Assert.Contains("limit_req_zone", site, StringComparison.Ordinal);
        Assert.Contains("limit_req zone=contestlet_posts", site, StringComparison.Ordinal);
        Assert.Contains("limit_req zone=contestlet_public", site, StringComparison.Ordinal);
        Assert.Contains("limit_req_status 429;", site, StringComparison.Ordinal);

        var result = await ConfigurationTestAsync(WriteConfiguration(site, TestPaths.FreeLoopbackPort(), stubPort: null));

        Assert.True(result.ExitCode == 0, $"nginx -t rejected deploy/nginx/contestlet.conf:\n{result.Output}");
    }

    [Fact]
    public async Task NginxConfigurationTestRejectsALimitOnAnUndeclaredZone()
    {
        // The check above can fail: a limit naming a zone nobody declared is refused.
        var site = (await ReadSiteAsync()).Replace("limit_req zone=contestlet_public", "limit_req zone=contestlet_undeclared", StringComparison.Ordinal);

        var result = await ConfigurationTestAsync(WriteConfiguration(site, TestPaths.FreeLoopbackPort(), stubPort: null));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("contestlet_undeclared", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLogRedactsClaimTokensInTheRequestAndTheReferer()
    {
        var sitePort = TestPaths.FreeLoopbackPort();
        var conf = WriteConfiguration(await ReadSiteAsync(), sitePort, stubPort: TestPaths.FreeLoopbackPort());

        var check = await ConfigurationTestAsync(conf);
        Assert.True(check.ExitCode == 0, $"nginx -t rejects the site: {check.Output}");

        _nginx = Process.Start(new ProcessStartInfo(Nginx, ["-p", _dir + "/", "-c", conf, "-e", Path.Combine(_dir, "error.log"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sitePort}") };
        await WaitUntilServingAsync(http);

        const string token = "Sup3rSecretClaimToken_abcdefghijklmnopqrstu";
        const string otherToken = "AnotherSecretClaimToken_0123456789abcdefghi";
        Assert.Equal("stub", await http.GetStringAsync($"/claim/{token}"));
        await http.GetAsync($"/claim/{otherToken}?step=code");
        await http.GetAsync($"/signin/code?returnUrl=%2Fclaim%2F{otherToken}");
        using (var asset = new HttpRequestMessage(HttpMethod.Get, "/app.css"))
        {
            asset.Headers.Referrer = new Uri($"https://app.contestlet.com/claim/{token}");
            await http.SendAsync(asset);
        }

        await http.GetAsync("/c/SUMMER");

        var log = await File.ReadAllTextAsync(Path.Combine(_dir, "access.log"));
        Assert.Contains("\"GET /claim/[redacted] HTTP/1.1\" 200", log, StringComparison.Ordinal);
        Assert.Contains("\"GET /claim/[redacted]?step=code HTTP/1.1\"", log, StringComparison.Ordinal);
        Assert.Contains("\"GET /signin/code?returnUrl=%2Fclaim%2F[redacted] HTTP/1.1\"", log, StringComparison.Ordinal);
        Assert.Contains("\"https://app.contestlet.com/claim/[redacted]\"", log, StringComparison.Ordinal);
        Assert.Contains("\"GET /c/SUMMER HTTP/1.1\" 200", log, StringComparison.Ordinal);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(otherToken, log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "default-access.log")) && (await File.ReadAllTextAsync(Path.Combine(_dir, "default-access.log"))).Contains(token, StringComparison.Ordinal),
            "The site logs to its own redacted log, not the http block's default one.");
    }

    private static string Nginx => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    private static Task<string> ReadSiteAsync() =>
        File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot(), "deploy", "nginx", "contestlet.conf"));

    /// <summary>
    /// The given site with its public listen addresses replaced by one loopback port and its access log in the scratch
    /// folder. Its upstream is the checked-in upstream file, as on a server, or, given a stub port, a stub server in the
    /// same nginx that answers "stub". Returns the main configuration file.
    /// </summary>
    private string WriteConfiguration(string site, int sitePort, int? stubPort)
    {
        Assert.Matches(AccessLogLine(), site);
        site = ListenLine().Replace(site, "");
        site = site.Replace("server_name app.contestlet.com;", $"server_name app.contestlet.com;\n    listen 127.0.0.1:{sitePort};", StringComparison.Ordinal);
        site = AccessLogLine().Replace(site, $"access_log {_dir}/access.log contestlet_redacted;");
        var stubServer = "";
        if (stubPort is { } port)
        {
            site = site.Replace("include contestlet-upstream.conf;",
                $"upstream contestlet_app {{ server 127.0.0.1:{port}; }} upstream contestlet_circuits {{ server 127.0.0.1:{port}; }}", StringComparison.Ordinal);
            stubServer = $"server {{ listen 127.0.0.1:{port}; access_log off; location / {{ default_type text/plain; return 200 \"stub\"; }} }}";
        }
        else
        {
            File.Copy(Path.Combine(TestPaths.RepositoryRoot(), "deploy", "nginx", "contestlet-upstream.conf"), Path.Combine(_dir, "contestlet-upstream.conf"));
        }

        File.WriteAllText(Path.Combine(_dir, "contestlet.conf"), site);
        var conf = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(conf, $$"""
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            events { worker_connections 64; }
            http {
                access_log {{_dir}}/default-access.log;
                client_body_temp_path {{_dir}}/client_body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                include {{_dir}}/contestlet.conf;
                {{stubServer}}
            }
            """);
        return conf;
    }

    private Task<(int ExitCode, string Output)> ConfigurationTestAsync(string conf) =>
        RunAsync("-t", "-p", _dir + "/", "-c", conf, "-e", Path.Combine(_dir, "error.log"));

    private static async Task WaitUntilServingAsync(HttpClient http)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await http.GetAsync("/c/warmup");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("nginx did not start serving within 10 s.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Nginx, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("Could not start nginx (scripts/test.sh installs it).");
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public void Dispose()
    {
        if (_nginx is { HasExited: false })
        {
            // The master process quits gracefully on SIGQUIT (nginx -s quit reads the pid file) and takes its worker along.
            using var quit = Process.Start(Nginx, ["-p", _dir + "/", "-c", Path.Combine(_dir, "nginx.conf"), "-s", "quit"]);
            quit.WaitForExit(10_000);
            if (!_nginx.WaitForExit(10_000))
            {
                _nginx.Kill(entireProcessTree: true);
            }
        }

        _nginx?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [GeneratedRegex(@"^[ \t]*listen [^\n]*\n", RegexOptions.Multiline)]
    private static partial Regex ListenLine();

    [GeneratedRegex(@"access_log /var/log/nginx/contestlet\.access\.log contestlet_redacted;")]
    private static partial Regex AccessLogLine();
}
