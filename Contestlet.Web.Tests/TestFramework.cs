using Contestlet.Testing;

// Each test's app logs are kept with the test and printed only when it fails (Integration/Infrastructure/TestLogSink).
[assembly: TestFramework(CapturedLogsTestFramework.TypeName, CapturedLogsTestFramework.AssemblyName)]
