using System.Net;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Limits;
using Microsoft.Extensions.Http.Resilience;
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
        services.AddHttpClient<TwilioSmsSender>()
            .AddResilienceHandler("twilio", (pipeline, context) =>
            {
                var twilio = context.ServiceProvider.GetRequiredService<IOptions<SmsOptions>>().Value.Twilio;
                pipeline.AddTimeout(TimeSpan.FromSeconds(twilio.TotalTimeoutSeconds));
                // MaxRetries 0 leaves retrying to the caller (the outbox retries with its own back-off).
                if (twilio.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = twilio.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(twilio.RetryDelayMilliseconds),
                        ShouldHandle = args => ValueTask.FromResult(IsWorthRetrying(args.Outcome)),
                    });
                }

                pipeline.AddTimeout(TimeSpan.FromSeconds(twilio.AttemptTimeoutSeconds));
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

    /// <summary>A 4xx other than 429 is Twilio saying no (bad number, opted out): sending it again cannot change the answer.</summary>
    internal static bool IsWorthRetrying(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}
