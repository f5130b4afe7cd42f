using System.Collections.Concurrent;
using System.Text;

namespace Contestlet.Testing;

/// <summary>
/// What the app logged while one test ran. The test run stays quiet: a passing test's log is dropped, a failing
/// test's log is appended to its result (the console logger prints it under the failure, the TRX file keeps it).
/// Filled by the sinks the test kits install (the app host's Serilog sink, the E2E app process's output).
/// </summary>
public sealed class TestLog
{
    /// <summary>A failing test keeps at most this much of its log (the end, where the failure usually is).</summary>
    private const int MaxCharacters = 256 * 1024;

    private static readonly AsyncLocal<TestLog?> CurrentLog = new();
    private static readonly ConcurrentDictionary<TestLog, bool> RunningLogs = new();

    private readonly StringBuilder _text = new();
    private int _dropped;

    /// <summary>
    /// The log of the test running on this logical call (null outside a test). Capture it when a test starts a host:
    /// the host's threads and requests do not always carry the test's execution context.
    /// </summary>
    public static TestLog? Current => CurrentLog.Value;

    /// <summary>
    /// For a process shared by the tests of a collection (the E2E app): the line goes to every test running now.
    /// Collections that share such a process run their tests one at a time, so that is the test it belongs to.
    /// </summary>
    public static void AppendToRunningTests(string line)
    {
        foreach (var log in RunningLogs.Keys)
        {
            log.AppendLine(line);
        }
    }

    public void AppendLine(string line)
    {
        lock (_text)
        {
            _text.AppendLine(line);
            if (_text.Length > MaxCharacters)
            {
                var excess = _text.Length - MaxCharacters;
                _text.Remove(0, excess);
                _dropped += excess;
            }
        }
    }

    /// <summary>Makes <paramref name="log"/> the current log for the rest of the calling async method and its callees.</summary>
    internal static void Enter(TestLog log) => CurrentLog.Value = log;

    internal void Start()
    {
        Clear();
        RunningLogs[this] = true;
    }

    internal void Stop()
    {
        RunningLogs.TryRemove(this, out _);
        Clear();
    }

    internal string Text()
    {
        lock (_text)
        {
            return _dropped == 0 ? _text.ToString() : $"[… {_dropped} earlier characters dropped]{Environment.NewLine}{_text}";
        }
    }

    private void Clear()
    {
        lock (_text)
        {
            _text.Clear();
            _dropped = 0;
        }
    }
}
