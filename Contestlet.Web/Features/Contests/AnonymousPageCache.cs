using System.Collections.Concurrent;
using System.Text;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Primitives;

namespace Contestlet.Web.Features.Contests;

/// <summary>
/// Marks a public page whose HTML is the same for every anonymous visitor within a second, apart from the entry form's
/// antiforgery token: <see cref="AnonymousPageCache"/> renders it once per second and hands every other visitor that
/// HTML with a token of their own (docs/decisions/021-anonymous-page-cache.md).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CachedForAnonymousVisitorsAttribute : Attribute;

/// <summary>
/// The on-air spike is thousands of first-time visitors opening the same contest page. Rendering it through Blazor costs
/// ~25 times what the framework's ceiling request does; this serves a page rendered at most a second ago instead.
/// <list type="bullet">
/// <item>Only GET requests without a query string from visitors without a session cookie, to pages marked
/// <see cref="CachedForAnonymousVisitorsAttribute"/>, and only 200 answers are kept; everything else renders as before.</item>
/// <item>A kept page lives for the current second of the app's clock and until any contest is saved in this process
/// (<see cref="ContestChanges"/>); what it shows was already up to <see cref="PublicContests.CacheFor"/> old.</item>
/// <item>The antiforgery request token in the HTML is the only per-visitor part: each visitor's own token (and cookie,
/// for a first visit) replaces the one the page was rendered with, so forms still check antiforgery per visitor.</item>
/// </list>
/// </summary>
public sealed class AnonymousPageCache(RequestDelegate next, IAntiforgery antiforgery, TimeProvider time, ContestChanges changes)
{
    /// <summary>Pages kept at once: the home page plus two pages per contest; beyond it the cache starts again empty.</summary>
    public const int MaxPages = 2_000;

    /// <summary>The session cookie's name (WebSetup): any visitor carrying one gets the page rendered for them.</summary>
    private const string SessionCookie = "contestlet";

    private static readonly HashSet<string> HeadersNotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        "Set-Cookie", "Date", "Server", "Content-Length", "Transfer-Encoding",
    };

    private readonly ConcurrentDictionary<string, CachedPage> _pages = new(StringComparer.Ordinal);

    private sealed record CachedPage(long Generation, long Second, int StatusCode, KeyValuePair<string, StringValues>[] Headers,
        byte[][] Segments);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsCacheable(context))
        {
            await next(context);
            return;
        }

        var generation = changes.Generation;
        var second = time.GetUtcNow().UtcTicks / TimeSpan.TicksPerSecond;
        var key = Key(context.Request);
        if (_pages.TryGetValue(key, out var page) && page.Generation == generation && page.Second == second)
        {
            ContestletMetrics.PageCache(hit: true);
            await ServeAsync(context, page);
            return;
        }

        ContestletMetrics.PageCache(hit: false);
        // Tokens made before the render are the ones the page's form renders (antiforgery keeps them per request).
        var token = antiforgery.GetAndStoreTokens(context).RequestToken;
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        var html = buffer.ToArray();
        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            if (_pages.Count >= MaxPages)
            {
                _pages.Clear();
            }

            _pages[key] = new CachedPage(generation, second, StatusCodes.Status200OK, KeptHeaders(context.Response.Headers),
                Split(html, token));
        }

        await body.WriteAsync(html, context.RequestAborted);
    }

    private static bool IsCacheable(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !context.Request.QueryString.HasValue
        && context.User.Identity?.IsAuthenticated != true
        && !context.Request.Cookies.ContainsKey(SessionCookie)
        && context.GetEndpoint()?.Metadata.GetMetadata<CachedForAnonymousVisitorsAttribute>() is not null;

    /// <summary>Blazor's enhanced navigation asks for the same page differently, so it is kept apart.</summary>
    private static string Key(HttpRequest request)
    {
        var enhanced = request.Headers.Accept.ToString().Contains("blazor-enhanced-nav", StringComparison.OrdinalIgnoreCase);
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}|{(enhanced ? "e" : "")}";
    }

    private async Task ServeAsync(HttpContext context, CachedPage page)
    {
        var response = context.Response;
        response.StatusCode = page.StatusCode;
        foreach (var (name, value) in page.Headers)
        {
            response.Headers[name] = value;
        }

        // Only a page with a form needs a token; one without stays free of antiforgery's work and cookie.
        var token = page.Segments.Length > 1 ? Encoding.UTF8.GetBytes(antiforgery.GetAndStoreTokens(context).RequestToken!) : [];
        response.ContentLength = page.Segments.Sum(s => s.Length) + token.Length * (page.Segments.Length - 1);
        for (var i = 0; i < page.Segments.Length; i++)
        {
            if (i > 0)
            {
                await response.Body.WriteAsync(token, context.RequestAborted);
            }

            await response.Body.WriteAsync(page.Segments[i], context.RequestAborted);
        }
    }

    private static KeyValuePair<string, StringValues>[] KeptHeaders(IHeaderDictionary headers) =>
        headers.Where(h => !HeadersNotKept.Contains(h.Key)).ToArray();

    /// <summary>The page's bytes around each occurrence of the token it was rendered with.</summary>
    private static byte[][] Split(byte[] html, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return [html];
        }

        var needle = Encoding.UTF8.GetBytes(token);
        var segments = new List<byte[]>();
        var rest = html.AsSpan();
        int at;
        while ((at = rest.IndexOf(needle)) >= 0)
        {
            segments.Add(rest[..at].ToArray());
            rest = rest[(at + needle.Length)..];
        }

        segments.Add(rest.ToArray());
        return [.. segments];
    }
}
