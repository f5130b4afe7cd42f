using Contestlet.Web.Infrastructure.Sms;

namespace Contestlet.Web.Features.TextToWin;

public static class TextToWinRegistration
{
    /// <summary>
    /// Keywords, inbound texts and conversations; and the first-contact notice around whichever <see cref="ISmsSender"/>
    /// the SMS registration chose (call after it).
    /// </summary>
    public static IServiceCollection AddTextToWin(this IServiceCollection services)
    {
        services.AddOptions<TextToWinOptions>().BindConfiguration(TextToWinOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<InboundSms>();
        services.AddSingleton<KeywordCallToAction>();

        var transport = services.LastOrDefault(d => d.ServiceType == typeof(ISmsSender))
                        ?? throw new InvalidOperationException("Register the SMS transport (AddContestletSms) before AddTextToWin.");
        services.Remove(transport);
        services.Add(ServiceDescriptor.Describe(typeof(ISmsSender), sp => ActivatorUtilities.CreateInstance<FirstContactSmsSender>(sp, Resolve(sp, transport)),
            transport.Lifetime));
        return services;
    }

    private static ISmsSender Resolve(IServiceProvider services, ServiceDescriptor transport) =>
        (ISmsSender)(transport.ImplementationInstance
                     ?? transport.ImplementationFactory?.Invoke(services)
                     ?? ActivatorUtilities.CreateInstance(services, transport.ImplementationType!));
}
