using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Contestlet.Web.Tests.Integration.Sms;

/// <summary>
/// A local HTTP server (Kestrel on 127.0.0.1, a free port) that speaks Twilio's Messages API as far as the app uses it:
/// basic auth, form fields, Twilio-shaped success and error bodies, and Twilio's magic test numbers. Tests can make
/// it fail first (500, 429, a slow answer) to prove that a send is one POST and its failure is reported, not retried.
/// </summary>
public sealed class FakeTwilioServer : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "fake-twilio-auth-token-0123456789";
    public const string FromNumber = "+15005550006";

    /// <summary>Twilio's magic "To" numbers for test credentials.</summary>
    public const string InvalidNumber = "+15005550001";
    public const string OptedOutNumber = "+15005550004";
    public const string NotMobileNumber = "+15005550009";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _failures = new();
    private int _requests;

    private FakeTwilioServer(WebApplication app) => _app = app;

    public Uri BaseUrl => new(_app.Urls.First());

    public int Requests => _requests;

    public ConcurrentBag<IReadOnlyDictionary<string, string>> Accepted { get; } = [];

    /// <summary>The User-Agent of every request, in arrival order (the SDK names itself: twilio-csharp/…).</summary>
    public ConcurrentQueue<string> UserAgents { get; } = new();

    public static async Task<FakeTwilioServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeTwilioServer(builder.Build());
        server._app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (string sid, HttpContext http) => server.HandleAsync(sid, http));
        await server._app.StartAsync();
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests get this HTTP status with Twilio's error body.</summary>
    public void FailNext(int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(http => Error(http, status, status == 429 ? 20429 : 20500, status == 429 ? "Too Many Requests" : "Internal Server Error"));
        }
    }

    /// <summary>The next request is answered only after <paramref name="delay"/> (to trip the client's timeout).</summary>
    public void StallNext(TimeSpan delay) =>
        _failures.Enqueue(async http =>
        {
            await Task.Delay(delay, http.RequestAborted);
            await Error(http, 500, 20500, "Too slow");
        });

    private async Task HandleAsync(string sid, HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        UserAgents.Enqueue(http.Request.Headers.UserAgent.ToString());
        if (!Authenticated(sid, http.Request.Headers.Authorization))
        {
            await Error(http, 401, 20003, "Authenticate");
            return;
        }

        if (_failures.TryDequeue(out var failure))
        {
            await failure(http);
            return;
        }

        var form = await http.Request.ReadFormAsync();
        var to = form["To"].ToString();
        var from = form["From"].ToString();
        var body = form["Body"].ToString();
        if (to.Length == 0)
        {
            await Error(http, 400, 21604, "A 'To' phone number is required.");
        }
        else if (from.Length == 0)
        {
            await Error(http, 400, 21603, "A 'From' phone number is required.");
        }
        else if (body.Length == 0)
        {
            await Error(http, 400, 21602, "Message body is required.");
        }
        else if (to == InvalidNumber)
        {
            await Error(http, 400, 21211, $"The 'To' number {to} is not a valid phone number.");
        }
        else if (to == OptedOutNumber)
        {
            await Error(http, 400, 21610, "Attempt to send to unsubscribed recipient");
        }
        else if (to == NotMobileNumber)
        {
            await Error(http, 400, 21614, $"'To' number {to} is not a valid mobile number");
        }
        else
        {
            var messageSid = "SM" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            Accepted.Add(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
            {
                ["sid"] = messageSid,
                ["account_sid"] = sid,
                ["to"] = to,
                ["from"] = from,
                ["body"] = body,
                ["status"] = "queued",
                ["num_segments"] = "1",
                ["error_code"] = null,
                ["error_message"] = null,
                ["uri"] = $"/2010-04-01/Accounts/{sid}/Messages/{messageSid}.json",
            });
        }
    }

    private static bool Authenticated(string sid, string? authorization)
    {
        if (sid != AccountSid || !AuthenticationHeaderValue.TryParse(authorization, out var header) || header.Scheme != "Basic")
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? "")) == $"{AccountSid}:{AuthToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Task Error(HttpContext http, int status, int code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
            ["status"] = status,
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
