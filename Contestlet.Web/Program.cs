using Contestlet.Web.Data;
using Contestlet.Web.Features;
using Contestlet.Web.Features.Dev;
using Contestlet.Web.Infrastructure;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Hosting;
using Contestlet.Web.Infrastructure.Logging;
using Contestlet.Web.Infrastructure.Observability;
using Contestlet.Web.Infrastructure.Sms;

if (AppCommands.TryRunWithoutHost(args) is { } standaloneExitCode)
{
    return standaloneExitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration
    .AddRootAppSettings(builder.Environment.EnvironmentName)
    .AddEnvironmentVariables()
    .AddSeedEnvironmentVariables()
    .AddCommandLine(args);

if (AppCommands.TryRunWithConfiguration(builder.Configuration, args) is { } configurationExitCode)
{
    return configurationExitCode;
}

builder.AddContestletLogging();
builder.AddContestletObservability();

builder.Services.AddContestletSettings();
builder.Services.AddContestletClock(builder.Environment, builder.Configuration);
builder.Services.AddContestletDatabase();
builder.Services.AddContestletSms();
builder.Services.AddContestletWeb(builder.Configuration);
builder.Services.AddContestletFeatures();

var app = builder.Build();

if (await AppCommands.TryRunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

await app.PrepareDatabaseAsync();
app.UseContestletPipeline();
app.MapContestletEndpoints();
app.PrintUrlsOnStart();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
