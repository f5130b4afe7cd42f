using System.Security.Cryptography;
using System.Text.Json;
using Contestlet.Domain.Entries;
using Microsoft.AspNetCore.DataProtection;

namespace Contestlet.Web.Features.Entries;

/// <summary>
/// Remembers what a person asked for on the contest page (state, confirmation) while they prove their number, so the
/// entry is recorded by the code form's post (<see cref="EntryFlow.CompleteAsync"/>) the moment the code is right.
/// Data-protected and time-limited: the browser can neither read nor forge it, and it only ever enters the person who
/// just proved their number. Sent only to the sign-in pages, where it is used.
/// </summary>
public sealed class PendingEntryCookie(IDataProtectionProvider protection, IHostEnvironment environment)
{
    public const string Name = "contestlet.entry";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Contestlet.Entry.Pending.v1").ToTimeLimitedDataProtector();

    private sealed record Payload(string Code, string? State, bool Confirmed);

    public void Write(HttpContext http, string contestCode, EntryRequest request) =>
        http.Response.Cookies.Append(Name,
            _protector.Protect(JsonSerializer.Serialize(new Payload(contestCode, request.State, request.ConfirmedAgeRulesAndSms)), Lifetime),
            Options());

    /// <summary>The waiting request and its contest, or null when there is none (or it was tampered with or has expired).</summary>
    public PendingEntry? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Payload>(_protector.Unprotect(value)) is { } payload
                ? new PendingEntry(payload.Code, new EntryRequest(payload.State, payload.Confirmed))
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public void Clear(HttpContext http) => http.Response.Cookies.Delete(Name, Options());

    private CookieOptions Options() => new()
    {
        HttpOnly = true,
        Secure = !environment.IsDevelopment(),
        SameSite = SameSiteMode.Lax,
        Path = "/signin",
        IsEssential = true,
        MaxAge = Lifetime,
    };
}

/// <summary>An entry request waiting for its contestant to prove their number.</summary>
public sealed record PendingEntry(string ContestCode, EntryRequest Request);
