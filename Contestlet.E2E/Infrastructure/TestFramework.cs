using Contestlet.Testing;

// The app process's output during a journey is kept with the journey and printed only when it fails (AppServer).
[assembly: TestFramework(CapturedLogsTestFramework.TypeName, CapturedLogsTestFramework.AssemblyName)]
