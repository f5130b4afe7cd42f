using System.Reflection;
using Contestlet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Contestlet.Web.Tests.Testing;

/// <summary>
/// The quiet test run: an app host logs into the running test's log, never to the console, and only a failing test
/// carries that log in its result.
/// </summary>
public sealed class CapturedLogsTests
{
    [Fact]
    public Task AppLogsGoToTheRunningTestsLogAndNotToTheConsole() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var marker = $"log-capture-{Guid.NewGuid():N}";
            using var client = app.CreateClient();
            var console = new StringWriter();
            var standardOutput = Console.Out;
            Console.SetOut(console);
            try
            {
                using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
                app.Services.GetRequiredService<ILogger<CapturedLogsTests>>().LogWarning("Deliberate warning {Marker}", marker);
            }
            finally
            {
                Console.SetOut(standardOutput);
            }

            Assert.NotNull(TestLog.Current);
            Assert.Contains(marker, TestLog.Current.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain(marker, console.ToString(), StringComparison.Ordinal);
        });

    [Fact]
    public void FailingTestCarriesItsLogAndPassingTestDropsIt()
    {
        var results = new List<IMessageSinkMessage>();
        var log = new TestLog();
        using var bus = new LogAttachingMessageBus(new RecordingBus(results), log);
        var passing = NewTest("passing");
        var failing = NewTest("failing");

        bus.QueueMessage(new TestStarting(passing));
        log.AppendLine("from the passing test");
        bus.QueueMessage(new TestPassed(passing, 1, ""));
        bus.QueueMessage(new TestFinished(passing, 1, ""));

        bus.QueueMessage(new TestStarting(failing));
        log.AppendLine("from the failing test");
        bus.QueueMessage(new TestFailed(failing, 1, "the test's own output", new InvalidOperationException("boom")));
        bus.QueueMessage(new TestFinished(failing, 1, ""));

        var passed = Assert.Single(results.OfType<ITestPassed>());
        Assert.Equal("", passed.Output);
        var failed = Assert.Single(results.OfType<ITestFailed>());
        Assert.StartsWith("the test's own output", failed.Output, StringComparison.Ordinal);
        Assert.Contains("from the failing test", failed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("from the passing test", failed.Output, StringComparison.Ordinal);
        Assert.Equal(["System.InvalidOperationException"], failed.ExceptionTypes);
        Assert.Equal("", log.Text());
    }

    [Fact]
    public void SharedProcessOutputReachesOnlyTheTestsRunningNow()
    {
        var running = new TestLog();
        var finished = new TestLog();
        using var runningBus = new LogAttachingMessageBus(new RecordingBus([]), running);
        using var finishedBus = new LogAttachingMessageBus(new RecordingBus([]), finished);
        var test = NewTest("shared");
        runningBus.QueueMessage(new TestStarting(test));
        finishedBus.QueueMessage(new TestStarting(test));
        finishedBus.QueueMessage(new TestFinished(test, 1, ""));

        TestLog.AppendToRunningTests("a line from the E2E app process");

        Assert.Contains("a line from the E2E app process", running.Text(), StringComparison.Ordinal);
        Assert.Equal("", finished.Text());
        runningBus.QueueMessage(new TestFinished(test, 1, ""));
    }

    private static XunitTest NewTest(string name)
    {
        var assembly = new TestAssembly(Reflector.Wrap(typeof(CapturedLogsTests).Assembly));
        var collection = new TestCollection(assembly, null, "captured logs");
        var testClass = new TestClass(collection, Reflector.Wrap(typeof(CapturedLogsTests)));
        var method = typeof(CapturedLogsTests).GetMethod(nameof(FailingTestCarriesItsLogAndPassingTestDropsIt), BindingFlags.Public | BindingFlags.Instance)!;
        var testCase = new XunitTestCase(new NullMessageSink(), TestMethodDisplay.Method, TestMethodDisplayOptions.None, new TestMethod(testClass, Reflector.Wrap(method)));
        return new XunitTest(testCase, name);
    }

    private sealed class RecordingBus(List<IMessageSinkMessage> messages) : IMessageBus
    {
        public bool QueueMessage(IMessageSinkMessage message)
        {
            messages.Add(message);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
