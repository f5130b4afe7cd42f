using System.Net;
using System.Text.RegularExpressions;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>
/// "Send code" tells nothing about the number (issue 13 item 7): opted out, a landline, just sent a code, at its hourly
/// cap, an admin or a plain contestant, every valid number gets the same redirect and the same code page.
/// </summary>
public sealed partial class UniformSendCodeTests
{
    private const string Contestant = "+18185550101";
    private const string Admin = "+15551234567";
    private const string OptedOut = "+18185550102";
    private const string Landline = "+18185550103";
    private const string JustSent = "+18185550104";
    private const string AtCap = "+18185550105";

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AnswersEveryValidNumberAlike(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var host = app.WithClientAddresses().WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            {
                services.RemoveAll<ISmsSender>();
                services.AddSingleton<ISmsSender>(sp => new CarrierRefusals(sp.GetRequiredService<IDbContextFactory<ContestletDbContext>>(), app.Time));
            }));

            // Five codes to one number within the hour (its cap), the last of them to another number just now.
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await new SignInBrowser(host, $"198.51.100.{i}").SubmitPhoneAsync(AtCap)).StatusCode);
                app.Time.Advance(TimeSpan.FromMinutes(2));
            }

            Assert.Equal(HttpStatusCode.Redirect, (await new SignInBrowser(host, "198.51.100.50").SubmitPhoneAsync(JustSent)).StatusCode);
            app.Time.Advance(TimeSpan.FromSeconds(20));
            var textsBefore = await TextsAsync(app);

            var answers = new Dictionary<string, string>();
            foreach (var (phone, i) in new[] { Contestant, Admin, OptedOut, Landline, JustSent, AtCap }.Select((p, i) => (p, i)))
            {
                var browser = new SignInBrowser(host, $"203.0.113.{i + 1}");
                var sent = await browser.SubmitPhoneAsync(phone);
                var codePage = await browser.GetStringAsync("/signin/code");
                answers[phone] = $"{(int)sent.StatusCode} {SignInBrowser.Target(sent)}\n{Normalized(codePage)}";
            }

            Assert.Contains("we've sent it a 6-digit code", answers[Contestant], StringComparison.Ordinal);
            Assert.All(answers, answer => Assert.Equal(answers[Contestant], answer.Value));
            // Behind the same answer: texts went to the contestant and the admin (and the refusing carrier was asked), none
            // to the number in its cooldown or at its cap.
            Assert.Equal(textsBefore + 2, await TextsAsync(app));
        });

    /// <summary>The page without what differs by nature: the masked number, random tokens (antiforgery, protected state).</summary>
    private static string Normalized(string html) =>
        RandomToken().Replace(MaskedPhone().Replace(html, "+1•••••NNNN"), "TOKEN");

    private static async Task<int> TextsAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.SmsRecords.CountAsync();
    }

    /// <summary>The mock transport, except that the carrier refuses two numbers as Twilio would: opted out, not a mobile.</summary>
    private sealed class CarrierRefusals(IDbContextFactory<ContestletDbContext> db, TimeProvider time) : ISmsSender
    {
        private readonly MockSmsSender _mock = new(db, time, NullLogger<MockSmsSender>.Instance);

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) => message.To.E164 switch
        {
            OptedOut => Task.FromResult(new SmsSendResult(SmsSendStatus.FailedPermanently, ErrorCode: TwilioErrors.OptedOut, Error: "opted out")),
            Landline => Task.FromResult(new SmsSendResult(SmsSendStatus.FailedPermanently, ErrorCode: TwilioErrors.NotMobile, Error: "landline")),
            _ => _mock.SendAsync(message, cancellationToken),
        };
    }

    [GeneratedRegex(@"\+1•••••\d{4}")]
    private static partial Regex MaskedPhone();

    [GeneratedRegex("[A-Za-z0-9+/=_-]{40,}")]
    private static partial Regex RandomToken();
}
