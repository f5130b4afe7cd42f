using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Limits;
using Microsoft.Extensions.Options;
using Polly;

namespace Contestlet.Web.Infrastructure.Sms;

public static class SmsRegistration
{
    /// <summary>
    /// <see cref="ISmsSender"/> is the mock outbox when Sms:UseMock is set (Development), otherwise Twilio, wrapped in
    /// staging's limited-sending policy when Sms:LimitedSending:Enabled is set.
    /// </summary>
    public static IServiceCollection AddContestletSms(this IServiceCollection services)
    {
        services.AddSingleton<SendLedger>();
        services.AddScoped<DevOutbox>();
        services.AddScoped<MockSmsSender>();
        services.AddTransient<TwilioApiBaseHandler>();
        services.AddScoped<TwilioSmsSender>();
        services.AddHttpClient(TwilioSmsSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler<TwilioApiBaseHandler>()
            .AddResilienceHandler("twilio", (pipeline, context) =>
            {
                // A timeout and nothing else: no retry strategy, because a retried POST that Twilio had already
                // accepted texts the person twice. The outbox retries with its own back-off and records each attempt.
                var twilio = context.ServiceProvider.GetRequiredService<IOptions<SmsOptions>>().Value.Twilio;
                pipeline.AddTimeout(TimeSpan.FromSeconds(twilio.SendTimeoutSeconds));
            });
        services.AddScoped<ISmsSender>(sp =>
        {
            var sms = sp.GetRequiredService<IOptions<SmsOptions>>().Value;
            if (sms.UseMock)
            {
                return sp.GetRequiredService<MockSmsSender>();
            }

            var twilio = sp.GetRequiredService<TwilioSmsSender>();
            return sms.LimitedSending.Enabled ? ActivatorUtilities.CreateInstance<StagingPolicySmsSender>(sp, twilio) : twilio;
        });
        return services;
    }
}

/// <summary>
/// Sends the SDK's requests (always https://api.twilio.com/…) to Sms:Twilio:ApiBaseUrl instead: scheme, host and port
/// are replaced, path and query kept. With the default base it changes nothing.
/// </summary>
public sealed class TwilioApiBaseHandler(IOptions<SmsOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = options.Value.Twilio.ApiBaseUrl;
        if (request.RequestUri is { } uri && (uri.Scheme != target.Scheme || uri.Host != target.Host || uri.Port != target.Port))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
