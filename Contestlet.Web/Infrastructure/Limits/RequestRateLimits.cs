using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Contestlet.Web.Features.SignIn;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Infrastructure.Limits;

/// <summary>
/// Per-client-address request limits (issue 13 item 4) with ASP.NET Core's rate limiter, on the requests an attacker
/// would repeat: code verification, the claim page, the published entry list, readiness and the entry form post.
/// Every other request is unlimited here (nginx's <c>limit_req</c> is the outer fence). The client address is the one
/// the forwarded headers resolve (nginx on loopback is the only trusted proxy), counted per /64 for IPv6 like the
/// sign-in cap (<see cref="ClientAddress"/>). Over a limit: 429, <c>Retry-After</c> and a short page.
/// </summary>
public static class RequestRateLimits
{
    public const string Section = "RateLimits";

    public static IServiceCollection AddContestletRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>().BindConfiguration(Section);
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Only loopback proxies (the defaults) are trusted: nginx on the same machine. Anyone else's header is ignored.
            // nginx appends the client to X-Forwarded-For, so only its last entry is nginx's own word: ForwardLimit 1.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = 1;
            // ASPNETCORE_FORWARDEDHEADERS_ENABLED (set by the deploy scripts) empties the trusted lists, i.e. trusts anyone:
            // loopback stays the only trusted proxy whichever way forwarding was turned on.
            foreach (var loopback in (System.Net.IPAddress[])[System.Net.IPAddress.Loopback, System.Net.IPAddress.IPv6Loopback])
            {
                if (!forwarded.KnownProxies.Contains(loopback))
                {
                    forwarded.KnownProxies.Add(loopback);
                }
            }
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((limiter, settings) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, settings.Value));
            limiter.OnRejected = (rejected, cancellationToken) => WriteTooManyRequestsAsync(rejected.HttpContext, rejected.Lease, cancellationToken);
        });
        return services;
    }

    /// <summary>Resolves the forwarded client address, then applies the limits. Goes before anything that reads the address.</summary>
    public static WebApplication UseContestletForwardedHeaders(this WebApplication app)
    {
        // With ASPNETCORE_FORWARDEDHEADERS_ENABLED the host already runs this middleware first; a second pass would take the
        // next X-Forwarded-For entry, which the client wrote ("127.0.0.1, <real address>" would turn into loopback).
        if (!string.Equals(app.Configuration["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Which limit a request counts against, or null for none.</summary>
    public static string? PolicyFor(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var get = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        return segments switch
        {
            ["signin", "code"] when post => RateLimitPolicies.CodeVerification,
            ["claim", _] when get || post => RateLimitPolicies.Claim,
            ["c", _, "draw", "entries.txt"] when get => RateLimitPolicies.EntryList,
            ["health", "ready"] when get => RateLimitPolicies.Readiness,
            ["c", _] when post => RateLimitPolicies.EntryPost,
            _ => null,
        };
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitSettings settings)
    {
        var policy = PolicyFor(context.Request);
        var address = context.Connection.RemoteIpAddress;
        // Readiness is probed by this machine's own health checks and deploy scripts, which must never be refused.
        if (policy is null || (policy == RateLimitPolicies.Readiness && address is not null && IPAddress.IsLoopback(address)))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var limit = settings.For(policy);
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}:{ClientAddress.KeyOf(address)}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
            QueueLimit = 0,
        });
    }

    private static async ValueTask WriteTooManyRequestsAsync(HttpContext context, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        seconds = Math.Max(1, seconds);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestRateLimits))
            .LogWarning("Rate limit {Policy} reached by a client; refused for {Seconds} s", PolicyFor(context.Request), seconds);

        var wait = seconds >= 120 ? $"{(seconds + 59) / 60} minutes" : $"{seconds} seconds";
        var wantsHtml = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (!wantsHtml)
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"Too many requests from your connection. Please try again in {wait}.\n", cancellationToken);
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>Slow down a moment · Contestlet</title><link rel="stylesheet" href="/app.css" /></head>
            <body><main class="page">
            <h1>Slow down a moment</h1>
            <p>We got a lot of requests from your connection in a short time. Please wait {{wait}} and try again.</p>
            <p>Nothing you entered was lost or counted twice.</p>
            <p><a href="/">Back to the contests</a></p>
            </main></body>
            </html>
            """, cancellationToken);
    }
}

/// <summary>The limits' names: the configuration keys under <c>RateLimits</c>.</summary>
public static class RateLimitPolicies
{
    public const string CodeVerification = nameof(RateLimitSettings.CodeVerification);
    public const string Claim = nameof(RateLimitSettings.Claim);
    public const string EntryList = nameof(RateLimitSettings.EntryList);
    public const string Readiness = nameof(RateLimitSettings.Readiness);
    public const string EntryPost = nameof(RateLimitSettings.EntryPost);
}

/// <summary>
/// Requests per window per client address, per limit (<c>RateLimits:EntryPost:PermitLimit</c>, <c>…:WindowSeconds</c>).
/// The defaults are for the public internet: generous enough for a household or a carrier's shared address, tight
/// enough to stop a script. Development raises them so journeys and benches from one address never trip them.
/// </summary>
public sealed class RateLimitSettings
{
    /// <summary>Code posts (verify and resend) on /signin/code; each code also has its own 5 tries.</summary>
    public RateLimit CodeVerification { get; set; } = new(30, 60);

    /// <summary>The claim page, GET and POST.</summary>
    public RateLimit Claim { get; set; } = new(30, 60);

    /// <summary>/c/{code}/draw/entries.txt.</summary>
    public RateLimit EntryList { get; set; } = new(30, 60);

    /// <summary>/health/ready from anywhere but this machine.</summary>
    public RateLimit Readiness { get; set; } = new(60, 60);

    /// <summary>The entry form's post on /c/{code}.</summary>
    public RateLimit EntryPost { get; set; } = new(30, 60);

    public RateLimit For(string policy) => policy switch
    {
        RateLimitPolicies.CodeVerification => CodeVerification,
        RateLimitPolicies.Claim => Claim,
        RateLimitPolicies.EntryList => EntryList,
        RateLimitPolicies.Readiness => Readiness,
        RateLimitPolicies.EntryPost => EntryPost,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };
}

public sealed class RateLimit
{
    public RateLimit()
    {
    }

    public RateLimit(int permitLimit, int windowSeconds)
    {
        PermitLimit = permitLimit;
        WindowSeconds = windowSeconds;
    }

    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;
}
