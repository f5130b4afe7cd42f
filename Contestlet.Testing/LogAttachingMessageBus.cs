using Xunit.Abstractions;
using Xunit.Sdk;

namespace Contestlet.Testing;

/// <summary>Starts the log when a test starts, appends it to the output of a failed test, drops it when the test ends.</summary>
internal sealed class LogAttachingMessageBus(IMessageBus inner, TestLog log) : IMessageBus
{
    public bool QueueMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestStarting:
                log.Start();
                break;
            case ITestFailed failed:
                var captured = log.Text();
                if (captured.Length > 0)
                {
                    var heading = $"--- The app's log during this test ---{Environment.NewLine}";
                    var output = string.IsNullOrEmpty(failed.Output) ? heading + captured : $"{failed.Output}{Environment.NewLine}{heading}{captured}";
                    message = new TestFailed(failed.Test, failed.ExecutionTime, output, failed.ExceptionTypes, failed.Messages, failed.StackTraces, failed.ExceptionParentIndices);
                }

                break;
            case ITestFinished:
                log.Stop();
                break;
        }

        return inner.QueueMessage(message);
    }

    /// <summary>The inner bus belongs to the runner that created it.</summary>
    public void Dispose()
    {
    }
}
