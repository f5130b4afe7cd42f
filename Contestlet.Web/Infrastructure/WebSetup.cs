using Contestlet.Web.Components;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Health;
using Contestlet.Web.Features.Images;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Features.SignIn;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Hosting;
using Contestlet.Web.Infrastructure.Limits;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Contestlet.Web.Infrastructure;

public static class WebSetup
{
    public const string AdminPolicy = "Admin";
    public const string AdminRole = "Admin";

    public static IServiceCollection AddContestletWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var debug = configuration.GetValue<bool>($"{SecurityOptions.Section}:{nameof(SecurityOptions.Debug)}");
        services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit => circuit.DetailedErrors = debug)
            // The console's largest message is a pasted one-sheet (Admin/Import, at most CampaignOneSheet.MaxBytes); the
            // 32 KB default would drop the circuit on a long paste. Circuits exist only for signed-in admins.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 2 * Features.Admin.Import.CampaignOneSheet.MaxBytes);
        services.AddMudServices();
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitAuthenticationStateProvider>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<CircuitHandler, CircuitActivityHandler>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/signin";
                cookie.AccessDeniedPath = "/forbidden";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Cookie.Name = "contestlet";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.EventsType = typeof(SessionCookieEvents);
            });
        // Session length, Secure outside Development, and the app's clock (so tests can move time) come from DI.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IHostEnvironment, IOptions<AuthOptions>, TimeProvider>((cookie, environment, auth, time) =>
            {
                cookie.ExpireTimeSpan = TimeSpan.FromDays(auth.Value.ContestantSessionDays);
                cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                cookie.TimeProvider = time;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(AdminRole));
        services.AddContestletCors(configuration);
        services.AddContestletRateLimits();
        services.AddHealthChecks();
        return services;
    }

    public static WebApplication UseContestletPipeline(this WebApplication app)
    {
        var debug = app.Configuration.GetValue<bool>($"{SecurityOptions.Section}:{nameof(SecurityOptions.Debug)}");
        app.UseContestletForwardedHeaders();
        app.UseContestletSecurityHeaders();
        app.UseCircuitsRefusedWhileStopping();
        if (debug)
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseSerilogRequestLoggingWithoutQueryStrings();
        app.UseContestletFaultSwitches();
        app.UseRateLimiter();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<Features.Contests.AnonymousPageCache>();
        return app;
    }

    public static WebApplication MapContestletEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapContestletMetrics();
        app.MapDrawEndpoints();
        app.MapImageEndpoints();
        app.MapAdminEntryEndpoints();
        app.MapSignInEndpoints();
        app.MapTwilioWebhooks();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// One line per request. The path is logged without its query string, which may carry user input, and with a claim
    /// link's token redacted (the enricher in LoggingSetup would catch it too; this keeps the line right at its source).
    /// </summary>
    private static void UseSerilogRequestLoggingWithoutQueryStrings(this WebApplication app) =>
        Serilog.SerilogApplicationBuilderExtensions.UseSerilogRequestLogging(app, options =>
        {
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new("RequestMethod", new Serilog.Events.ScalarValue(http.Request.Method)),
                new("RequestPath", new Serilog.Events.ScalarValue(Logging.ClaimTokenRedaction.Redact(path))),
                new("StatusCode", new Serilog.Events.ScalarValue(status)),
                new("Elapsed", new Serilog.Events.ScalarValue(elapsed)),
            ];
        });
}
