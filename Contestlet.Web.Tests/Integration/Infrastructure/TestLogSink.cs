using Contestlet.Testing;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>
/// Writes a test host's logs into the test's <see cref="TestLog"/> instead of the console: a test that breaks the
/// database on purpose logs stack traces, and those belong under that test's result only when it fails.
/// </summary>
public sealed class TestLogSink(TestLog? log) : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Format =
        new("[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");

    public void Emit(LogEvent logEvent)
    {
        if (log is null)
        {
            return;
        }

        using var text = new StringWriter();
        Format.Format(logEvent, text);
        log.AppendLine(text.ToString().TrimEnd());
    }

    /// <summary>
    /// The environment's Serilog settings without their sinks (console, files): the levels a test chose (and any
    /// <see cref="ILogEventSink"/> a test registers as a service) still apply; the output goes to the test's log.
    /// </summary>
    public static void Configure(LoggerConfiguration logger, IServiceProvider services, IConfiguration configuration, TestLog? log)
    {
        var levels = configuration.GetSection("Serilog:MinimumLevel").AsEnumerable()
            .Where(setting => setting.Value is not null);
        logger
            .ReadFrom.Configuration(new ConfigurationBuilder().AddInMemoryCollection(levels).Build())
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new TestLogSink(log));
    }
}
