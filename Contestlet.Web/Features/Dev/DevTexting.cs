using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.TextToWin;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Dev;

/// <summary>/dev/sms "text the app": a text from any number through the inbound handler the signed webhook calls, and each number's thread.</summary>
public sealed class DevTexting(IDbContextFactory<ContestletDbContext> dbFactory, InboundSms inbound)
{
    public const int ThreadSpan = 200;

    /// <summary>
    /// The same handler the webhook runs once Twilio's signature checked out, with a fresh MessageSid as Twilio would give.
    /// A number is normalised to E.164 when it is one; anything else (a short code) goes in as typed.
    /// </summary>
    public async Task<(string From, InboundOutcome Outcome)> TextAsync(DevTextInput input, CancellationToken cancellationToken)
    {
        var typed = input.From.Trim();
        string from;
        try
        {
            from = typed.All(char.IsAsciiDigit) && typed.Length <= 6 ? typed : PhoneNumber.ParseConfigured(typed).E164;
        }
        catch (FormatException)
        {
            from = typed;
        }

        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return (from, await inbound.HandleAsync(new InboundText(sid, from, input.Body), cancellationToken));
    }

    /// <summary>The latest messages in and out (mock transport), grouped by number, each thread oldest first; the newest thread first.</summary>
    public async Task<IReadOnlyList<SmsThread>> ThreadsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incoming = await db.InboundMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(ThreadSpan)
            .Select(m => new { m.From, m.Body, m.ReceivedAt, m.Id, m.Outcome }).ToListAsync(cancellationToken);
        var outgoing = await db.SmsRecords.AsNoTracking().Where(r => r.Transport == SmsRecord.MockTransport).OrderByDescending(r => r.Id).Take(ThreadSpan)
            .Select(r => new { r.ToE164, r.Body, r.CreatedAt, r.Id }).ToListAsync(cancellationToken);
        var lines = incoming.Select(m => new ThreadLine(m.From, true, m.Body, m.ReceivedAt, m.Id, m.Outcome))
            .Concat(outgoing.Select(r => new ThreadLine(r.ToE164, false, r.Body ?? "", r.CreatedAt, r.Id, null)));
        return lines.GroupBy(l => l.Number)
            .Select(g => new SmsThread(g.Key, g.OrderBy(l => l.At).ThenBy(l => l.Incoming ? 0 : 1).ThenBy(l => l.Id).ToList()))
            .OrderByDescending(t => t.Lines[^1].At)
            .ToList();
    }
}

public sealed class DevTextInput
{
    [Required(ErrorMessage = "Give the number the text comes from.")]
    [StringLength(PhoneNumber.InputMaxLength)]
    public string From { get; set; } = "";

    [Required(ErrorMessage = "Write the text.")]
    [StringLength(InboundMessage.BodyMaxLength)]
    public string Body { get; set; } = "";
}

public sealed record ThreadLine(string Number, bool Incoming, string Body, DateTimeOffset At, long Id, string? Outcome);

public sealed record SmsThread(string Number, IReadOnlyList<ThreadLine> Lines);
