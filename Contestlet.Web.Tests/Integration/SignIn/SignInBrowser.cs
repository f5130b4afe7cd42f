using System.Net;
using System.Text.RegularExpressions;
using Contestlet.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>
/// Drives the sign-in pages as a browser with JavaScript disabled would: GET the page, post its form with the
/// antiforgery token, keep cookies. Redirects are not followed so tests can assert them. Each browser can claim its
/// own client address (the per-IP cap).
/// </summary>
public sealed partial class SignInBrowser(WebApplicationFactory<Program> app, string clientAddress = "203.0.113.10")
{
    public const string AddressHeader = "X-Test-Client-Address";

    private readonly HttpClient _client = app.Server.CreateClient();
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>Another browser holding the same cookies (the same person in a second tab, or an attacker replaying them).</summary>
    public SignInBrowser Clone(WebApplicationFactory<Program>? on = null)
    {
        var copy = new SignInBrowser(on ?? app, clientAddress);
        foreach (var (name, value) in _cookies)
        {
            copy._cookies[name] = value;
        }

        return copy;
    }

    public Task<HttpResponseMessage> SubmitPhoneAsync(string phone, string? returnUrl = null) =>
        PostFormAsync(WithReturnUrl("/signin", returnUrl), "signin-phone", new() { ["Input.Phone"] = phone });

    public Task<HttpResponseMessage> SubmitCodeAsync(string code, string? returnUrl = null) =>
        PostFormAsync(WithReturnUrl("/signin/code", returnUrl), "signin-code", new() { ["Input.Code"] = code });

    /// <summary>Posts a code with the form of a page fetched earlier, as a browser left open on the code page does.</summary>
    public Task<HttpResponseMessage> PostCodeFromPageAsync(string codePage, string code) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/signin/code")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin-code",
                ["__RequestVerificationToken"] = Token(codePage),
                ["Input.Code"] = code,
            }),
        });

    public Task<HttpResponseMessage> ResendAsync() => PostFormAsync("/signin/code", "signin-resend", []);

    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var token = Token(await GetStringAsync("/"));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/signout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        });
    }

    /// <summary>Phone, then the code texted to it: the whole journey. Returns the final response (a redirect when signed in).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string phone, string? returnUrl = null)
    {
        var sent = await SubmitPhoneAsync(phone, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        return await SubmitCodeAsync(await LatestCodeAsync(app, phone), returnUrl);
    }

    /// <summary>Gives this browser a cookie another browser received (a cookie carried over by hand).</summary>
    public void SetCookie(string name, string value) => _cookies[name] = value;

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await GetAsync(path);
        return await ReadAsync(response);
    }

    /// <summary>Where a redirect points, as a path on this site ("/admin"); Blazor writes absolute URLs, the cookie handler relative ones.</summary>
    public static string Target(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        if (!location.IsAbsoluteUri)
        {
            return location.OriginalString;
        }

        Assert.Equal("localhost", location.Host);
        return location.PathAndQuery;
    }

    public static async Task<string> ReadAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Add(AddressHeader, clientAddress);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0].Split('=', 2);
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || pair[1].Length == 0;
                if (expired)
                {
                    _cookies.Remove(pair[0]);
                }
                else
                {
                    _cookies[pair[0]] = pair[1];
                }
            }
        }

        return response;
    }

    /// <summary>The code the mock transport stored for <paramref name="phone"/> most recently (the dev outbox).</summary>
    public static async Task<string> LatestCodeAsync(WebApplicationFactory<Program> app, string phone)
    {
        var e164 = Contestlet.Domain.Phones.PhoneNumber.ParseConfigured(phone).E164;
        await using var db = app.Services.GetRequiredService<IDbContextFactory<ContestletDbContext>>().CreateDbContext();
        var body = await db.SmsRecords.Where(r => r.ToE164 == e164).OrderByDescending(r => r.Id).Select(r => r.Body).FirstAsync();
        return SixDigits().Match(body!).Value;
    }

    /// <summary>Fetches <paramref name="path"/> and posts its form named <paramref name="handler"/> with <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string handler, Dictionary<string, string> fields)
    {
        var page = await GetStringAsync(path);
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = Token(page);
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });
    }

    private static string WithReturnUrl(string path, string? returnUrl) =>
        returnUrl is null ? path : $"{path}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static string Token(string html)
    {
        var match = TokenInput().Match(html);
        Assert.True(match.Success, "The page has no form with an antiforgery token.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}

/// <summary>Lets each test browser claim a client address, as a reverse proxy's forwarded address would.</summary>
public static class SignInTestHost
{
    public static WebApplicationFactory<Program> WithClientAddresses(this WebApplicationFactory<Program> app) =>
        app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>()));

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[SignInBrowser.AddressHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
