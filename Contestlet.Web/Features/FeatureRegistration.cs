using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Audit;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Admin.Dashboard;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Admin.Fraud;
using Contestlet.Web.Features.Admin.Import;
using Contestlet.Web.Features.Admin.Messages;
using Contestlet.Web.Features.Admin.Notifications;
using Contestlet.Web.Features.Admin.Profile;
using Contestlet.Web.Features.Contests;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Features.SignIn;
using Contestlet.Web.Features.TextToWin;
using Contestlet.Web.Features.Winners;
using Contestlet.Web.Infrastructure.Hosting;

namespace Contestlet.Web.Features;

public static class FeatureRegistration
{
    /// <summary>Each feature's services. A feature is a folder under Features/ with its pages and its service.</summary>
    public static IServiceCollection AddContestletFeatures(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<PublicContests>();
        services.AddScoped<EntryService>();
        services.AddScoped<EntryFlow>();
        services.AddSingleton<PendingEntryCookie>();
        services.AddSingleton<BrowserIdCookie>();
        services.AddScoped<FraudReview>();
        services.AddScoped<ContestInsights>();
        services.AddHostedService<FraudScanJob>();
        services.AddScoped<AdminDashboard>();
        services.AddScoped<DashboardInsights>();
        services.AddScoped<AdminContests>();
        services.AddScoped<AdminHeroImages>();
        services.AddScoped<AdminSession>();
        services.AddScoped<AdminChanges>();
        services.AddScoped<ContestActions>();
        services.AddScoped<AdminProfiles>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<CampaignImport>();
        services.AddScoped<TrashPurger>();
        services.AddHostedService<TrashPurgeService>();
        services.AddScoped<DrawService>();
        services.AddScoped<DrawResults>();
        services.AddScoped<WinnerNotifications>();
        services.AddScoped<ClaimService>();
        services.AddSingleton<ClaimTokenProtector>();
        services.AddScoped<AdminEntries>();
        services.AddSingleton<ForfeitureJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ForfeitureJob>());
        services.AddScoped<DemoData>();
        services.AddScoped<SignInService>();
        services.AddScoped<SignInPruner>();
        services.AddHostedService<SignInPruneService>();
        services.AddScoped<SessionCookieEvents>();
        services.AddSingleton<AdminDirectory>();
        services.AddSingleton<IAdminAccessCheck, CurrentAdminList>();
        services.AddSingleton<PendingSignInCookie>();
        services.AddScoped<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        services.AddSingleton<TwilioSignature>();
        services.AddScoped<TwilioWebhooks>();
        services.AddScoped<NotificationLog>();
        services.AddScoped<AdminMessages>();
        services.AddTextToWin();
        services.AddScoped<Dev.DevTexting>();
        return services;
    }
}
