using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Contestlet.Testing;

namespace Contestlet.E2E.Infrastructure;

/// <summary>
/// The real app, started from its build output as its own process on a free loopback port, with a fresh SQLite file
/// seeded with demo data. Disposed with the process tree. When CONTESTLET_E2E_BASE_URL is set, nothing is started.
/// Its output goes to <see cref="Log"/> (start-up failures) and to the running journey's log, which a failing journey
/// prints under its result; nothing reaches the test run's console.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _workDirectory;
    private readonly StringWriterLog _log = new();

    public Uri BaseUrl { get; }

    /// <summary>True when the journeys run against an app they started (dev outbox, demo data, fake clock-free).</summary>
    public bool IsLocal => _process is not null;

    private AppServer(Uri baseUrl, Process? process, string? workDirectory)
    {
        BaseUrl = baseUrl;
        _process = process;
        _workDirectory = workDirectory;
    }

    public string Log => _log.ToString();

    public static async Task<AppServer> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        if (E2ESettings.ExternalBaseUrl is { } external)
        {
            return new AppServer(external, null, null);
        }

        var dll = FindAppAssembly();
        var port = FreePort();
        var workDirectory = Directory.CreateTempSubdirectory("contestlet-e2e-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DATABASE_URL"] = $"sqlite:///{Path.Combine(workDirectory, "contestlet_e2e.db")}";
        // Every journey's browser comes from 127.0.0.1: the per-address cap (20 an hour) would refuse the suite itself.
        // The cap is proven by the integration tests; per-number limits stay as configured.
        start.Environment["Auth__Limits__SendsPerIpPerHour"] = "1000";
        // Links in texts (claim, results) point at this instance, so a journey can follow them like a winner would.
        start.Environment["Winners__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var server = new AppServer(new Uri($"http://127.0.0.1:{port}/"), process, workDirectory);
        process.OutputDataReceived += (_, e) => server._log.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server._log.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                var response = await http.GetAsync(new Uri(BaseUrl, "health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The app did not become ready within 90 s:\n{Log}");
    }

    private static string FindAppAssembly()
    {
        // The E2E project references Contestlet.Web (without its assembly) so it is built in the same configuration.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Contestlet.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Could not find Contestlet.sln above the test output.");
        }

        var dll = Path.Combine(directory.FullName, "Contestlet.Web", "bin", configuration, "net10.0", "Contestlet.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the app first: {dll} is missing.", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        if (_workDirectory is not null)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying process; the temp folder is cleaned by the OS.
            }
        }
    }

    private sealed class StringWriterLog
    {
        private readonly System.Text.StringBuilder _text = new();

        public void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
            }

            TestLog.AppendToRunningTests(line);
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
