using System.ComponentModel.DataAnnotations;
using Contestlet.Domain.Phones;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>
/// Start-up refusals (docs/product.md §1). Development is forgiving; Staging and Production refuse every unsafe setting,
/// and each message names the setting and the seed variable that sets it.
/// </summary>
internal abstract class EnvironmentAwareValidator<TOptions>(IHostEnvironment environment) : IValidateOptions<TOptions>
    where TOptions : class
{
    protected bool IsDeployed => environment.IsStaging() || environment.IsProduction();
    protected bool IsProduction => environment.IsProduction();
    protected string EnvironmentName => environment.EnvironmentName;

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    protected abstract IEnumerable<string> Check(TOptions options);
}

internal sealed class DatabaseOptionsValidator(IHostEnvironment environment) : EnvironmentAwareValidator<DatabaseOptions>(environment)
{
    protected override IEnumerable<string> Check(DatabaseOptions options)
    {
        ResolvedDatabase resolved;
        try
        {
            resolved = options.Resolve();
        }
        catch (ValidationException ex)
        {
            return [ex.Message];
        }

        return IsDeployed && resolved.Provider == DatabaseProvider.Sqlite
            ? [$"Database:Url (DATABASE_URL) points at SQLite; {EnvironmentName} must use PostgreSQL (postgresql://user:pass@host:port/db)."]
            : [];
    }
}

internal sealed class SmsOptionsValidator(IHostEnvironment environment) : EnvironmentAwareValidator<SmsOptions>(environment)
{
    protected override IEnumerable<string> Check(SmsOptions options)
    {
        if (IsDeployed && options.UseMock)
        {
            yield return $"Sms:UseMock (USE_MOCK_SMS) is true; {EnvironmentName} must send real SMS through Twilio.";
        }

        if (IsDeployed || !options.UseMock)
        {
            if (string.IsNullOrWhiteSpace(options.Twilio.AccountSid))
            {
                yield return "Sms:Twilio:AccountSid (TWILIO_ACCOUNT_SID) is missing.";
            }

            if (string.IsNullOrWhiteSpace(options.Twilio.AuthToken))
            {
                yield return "Sms:Twilio:AuthToken (TWILIO_AUTH_TOKEN) is missing.";
            }

            if (string.IsNullOrWhiteSpace(options.Twilio.FromNumber))
            {
                yield return "Sms:Twilio:FromNumber (TWILIO_PHONE_NUMBER) is missing.";
            }
        }

        if (options.Twilio.SendTimeoutSeconds is < 1 or > 120)
        {
            yield return "Sms:Twilio:SendTimeoutSeconds must be between 1 and 120.";
        }

        if (ApiBaseUrlProblem(options.Twilio) is { } problem)
        {
            yield return problem;
        }

        if (IsProduction && options.QaTestNumbers.Count > 0)
        {
            yield return "Sms:QaTestNumbers is set; Production must not have QA test numbers (they sign in with a fixed code).";
        }

        if (options.QaTestNumbers.Count > 0 && (options.QaFixedCode is null || options.QaFixedCode.Length != 6 || !options.QaFixedCode.All(char.IsAsciiDigit)))
        {
            yield return "Sms:QaFixedCode must be 6 digits when Sms:QaTestNumbers is set.";
        }

        foreach (var error in PhoneListErrors("Sms:QaTestNumbers", options.QaTestNumbers)
                     .Concat(PhoneListErrors("Sms:LimitedSending:AllowList", options.LimitedSending.AllowList)))
        {
            yield return error;
        }

        if (options.LimitedSending.Enabled && options.LimitedSending.DailyCap < 1)
        {
            yield return "Sms:LimitedSending:DailyCap must be at least 1.";
        }
    }

    /// <summary>
    /// Every request to the API base carries the account's auth token, and a mock base silently sends nobody a text:
    /// Staging/Production accept only https on a twilio.com host unless Sms:Twilio:AllowCustomApiBaseUrl says otherwise.
    /// </summary>
    private string? ApiBaseUrlProblem(TwilioSettings twilio)
    {
        const string setting = "Sms:Twilio:ApiBaseUrl";
        var url = twilio.ApiBaseUrl;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return $"{setting} is '{url.OriginalString}'; it must be an absolute http(s) address such as {TwilioSettings.DefaultApiBaseUrl}.";
        }

        if (url.AbsolutePath != "/" || url.Query.Length > 0 || url.UserInfo.Length > 0)
        {
            return $"{setting} is '{url.OriginalString}'; give only scheme, host and port (the SDK supplies the path).";
        }

        var isTwilio = url.Host.Equals("twilio.com", StringComparison.OrdinalIgnoreCase)
                       || url.Host.EndsWith(".twilio.com", StringComparison.OrdinalIgnoreCase);
        if (IsDeployed && !twilio.AllowCustomApiBaseUrl && (url.Scheme != Uri.UriSchemeHttps || !isTwilio))
        {
            return $"{setting} is '{url.OriginalString}'; {EnvironmentName} sends the Twilio auth token only to https://*.twilio.com "
                   + "(set Sms:Twilio:AllowCustomApiBaseUrl=true to use a sandbox or mock on purpose).";
        }

        return null;
    }

    internal static IEnumerable<string> PhoneListErrors(string setting, IEnumerable<string> numbers)
    {
        foreach (var number in numbers)
        {
            string? error = null;
            try
            {
                PhoneNumber.ParseConfigured(number);
            }
            catch (FormatException ex)
            {
                error = $"{setting} contains an invalid number: {ex.Message}";
            }

            if (error is not null)
            {
                yield return error;
            }
        }
    }
}

/// <summary>
/// The outbox's lease must outlast one send (issue 13 item 10): a lease that lapses mid-send lets a second worker take
/// the row over and text the person again while the first send is still under way.
/// </summary>
internal sealed class OutboxOptionsValidator(IOptions<SmsOptions> smsOptions) : IValidateOptions<OutboxOptions>
{
    /// <summary>Room for the database writes around the send (claim, opt-out check, outcome) on a slow day.</summary>
    public const int LeaseMarginSeconds = 30;

    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var sms = smsOptions.Value;
        if (sms.UseMock)
        {
            return ValidateOptionsResult.Success;
        }

        var needed = sms.Twilio.SendTimeoutSeconds + LeaseMarginSeconds;
        return options.LeaseSeconds >= needed
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Outbox:LeaseSeconds is {options.LeaseSeconds}; it must outlast one send: at least Sms:Twilio:SendTimeoutSeconds "
                + $"({sms.Twilio.SendTimeoutSeconds}) + {LeaseMarginSeconds} = {needed} seconds, or a second worker may text the same person again.");
    }
}

internal sealed class AuthOptionsValidator(IHostEnvironment environment) : EnvironmentAwareValidator<AuthOptions>(environment)
{
    protected override IEnumerable<string> Check(AuthOptions options)
    {
        if (IsDeployed && options.AdminPhones.Count == 0)
        {
            yield return $"Auth:AdminPhones (ADMIN_PHONES) is empty; {EnvironmentName} needs at least one admin number.";
        }

        if (IsProduction && options.AllowFictionalNumbers)
        {
            yield return "Auth:AllowFictionalNumbers is true; Production accepts real numbers only.";
        }

        if (options.Regions.FirstOrDefault(r => r.Length != 2 || !r.All(char.IsAsciiLetterUpper)) is { } region)
        {
            yield return $"Auth:AllowedRegions has '{region}'; use two-letter region codes such as US or CA.";
        }

        foreach (var error in SmsOptionsValidator.PhoneListErrors("Auth:AdminPhones (ADMIN_PHONES)", options.AdminPhones))
        {
            yield return error;
        }

        if (options.CircuitRevalidationSeconds is < 1 or > 60)
        {
            yield return "Auth:CircuitRevalidationSeconds must be between 1 and 60: an open admin console re-checks its admin at least every minute.";
        }

        var limits = options.Limits;
        if (limits.CodeLifetimeMinutes < 1 || limits.MaxAttemptsPerCode < 1 || limits.CooldownSeconds < 0
            || limits.SendsPerNumberPerHour < 1 || limits.SendsPerIpPerHour < 1
            || limits.LockoutFailures < 1 || limits.LockoutHours < 1 || limits.SmsBudgetPerHour < 1 || limits.SmsBudgetPerDay < 1)
        {
            yield return "Auth:Limits has a value below its minimum (code lifetime, attempts, hourly caps, lockout and SMS budget must be at least 1).";
        }
    }
}

internal sealed class SecurityOptionsValidator(IHostEnvironment environment) : EnvironmentAwareValidator<SecurityOptions>(environment)
{
    protected override IEnumerable<string> Check(SecurityOptions options)
    {
        if (IsDeployed)
        {
            if (string.IsNullOrWhiteSpace(options.SecretKey))
            {
                yield return "Security:SecretKey (SECRET_KEY) is missing.";
            }
            else if (options.SecretKey == SecurityOptions.DevelopmentSecretKey)
            {
                yield return $"Security:SecretKey (SECRET_KEY) is the development key; {EnvironmentName} needs its own secret.";
            }
            else if (options.SecretKey.Length < SecurityOptions.MinimumSecretKeyLength)
            {
                yield return $"Security:SecretKey (SECRET_KEY) is too short; use at least {SecurityOptions.MinimumSecretKeyLength} characters.";
            }

            if (options.Debug)
            {
                yield return $"Security:Debug (DEBUG) is true; {EnvironmentName} must not show detailed errors.";
            }

            if (!string.IsNullOrEmpty(options.PreviousSecretKey) && options.PreviousSecretKey.Length < SecurityOptions.MinimumSecretKeyLength)
            {
                yield return $"Security:PreviousSecretKey (SECRET_KEY_PREVIOUS) is too short; it must be the old SECRET_KEY (at least {SecurityOptions.MinimumSecretKeyLength} characters).";
            }

            if (!string.IsNullOrEmpty(options.HealthToken) && options.HealthToken.Length < SecurityOptions.MinimumSecretKeyLength)
            {
                yield return $"Security:HealthToken (HEALTH_TOKEN) is too short; use at least {SecurityOptions.MinimumSecretKeyLength} characters.";
            }
        }
        else if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            yield return "Security:SecretKey (SECRET_KEY) is missing.";
        }
    }
}

internal sealed class WinnersOptionsValidator(IHostEnvironment environment) : EnvironmentAwareValidator<WinnersOptions>(environment)
{
    private const string Setting = "Winners:PublicBaseUrl (PUBLIC_BASE_URL)";

    protected override IEnumerable<string> Check(WinnersOptions options)
    {
        // Winners get their claim link by SMS: a wrong base sends every one of them to a page they cannot open.
        if (!IsDeployed)
        {
            yield break;
        }

        var url = options.PublicBaseUrl;
        if (url is null || string.IsNullOrWhiteSpace(url.OriginalString))
        {
            yield return $"{Setting} is missing; {EnvironmentName} needs the public https address claim links in winner texts start with.";
        }
        else if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"{Setting} is '{url.OriginalString}'; {EnvironmentName} needs an absolute https address such as https://contests.example.com.";
        }
        else if (url.IsLoopback || url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{Setting} points at {url.Host}; {EnvironmentName} needs the public address winners can open.";
        }
    }
}

internal sealed class DevOptionsValidator(IHostEnvironment environment) : EnvironmentAwareValidator<DevOptions>(environment)
{
    protected override IEnumerable<string> Check(DevOptions options)
    {
        // Outside Development the switch does nothing (the clock is the system's); on, it means a mistaken deployment.
        if (IsDeployed && options.ClockControl)
        {
            yield return $"Dev:ClockControl (Dev__ClockControl) is true; it moves the app's clock and exists only in Development, not {EnvironmentName}.";
        }

        if (IsProduction && options.FailContestPages)
        {
            yield return "Dev:FailContestPages (Dev__FailContestPages) is true; it breaks every contest page for the canary drill and never belongs in Production.";
        }
    }
}

public static class SettingsRegistration
{
    /// <summary>Binds and validates every settings section; a bad configuration stops the app before it serves anyone.</summary>
    public static IServiceCollection AddContestletSettings(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WinnersOptions>().BindConfiguration(WinnersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FraudOptions>().BindConfiguration(FraudOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<IValidateOptions<WinnersOptions>, WinnersOptionsValidator>();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>();
        services.AddOptions<DevOptions>().BindConfiguration(DevOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DevOptions>, DevOptionsValidator>();
        return services;
    }
}
