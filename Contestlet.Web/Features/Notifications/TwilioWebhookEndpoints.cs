namespace Contestlet.Web.Features.Notifications;

/// <summary>
/// Twilio's callbacks. Anonymous and without antiforgery (Twilio cannot carry a token): the X-Twilio-Signature check
/// is their authentication, and a request that fails it gets 403 before anything is read into the database.
/// </summary>
public static class TwilioWebhookEndpoints
{
    public const string StatusPath = "/webhooks/twilio/status";
    public const string InboundPath = "/webhooks/twilio/inbound";
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(StatusPath, async Task<IResult> (HttpRequest request, TwilioSignature signature, TwilioWebhooks webhooks, CancellationToken cancellationToken) =>
            {
                if (await SignedFormAsync(request, signature, cancellationToken) is not { } form)
                {
                    return Forbidden();
                }

                var notificationId = long.TryParse(request.Query[Infrastructure.Sms.TwilioSmsSender.NotificationQueryKey], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
                await webhooks.ApplyStatusAsync(form["MessageSid"].ToString(), form["MessageStatus"].ToString(), form["ErrorCode"].ToString(), notificationId, cancellationToken);
                return Results.NoContent();
            })
            .AllowAnonymous()
            .DisableAntiforgery();

        endpoints.MapPost(InboundPath, async Task<IResult> (HttpRequest request, TwilioSignature signature, TextToWin.InboundSms inbound, CancellationToken cancellationToken) =>
            {
                if (await SignedFormAsync(request, signature, cancellationToken) is not { } form)
                {
                    return Forbidden();
                }

                // Replies go through the outbox, never in the TwiML: one path, recorded and retried like every other text.
                await inbound.HandleAsync(new TextToWin.InboundText(form["MessageSid"].ToString(), form["From"].ToString(), form["Body"].ToString()),
                    cancellationToken);
                return Results.Content(EmptyTwiml, "text/xml; charset=utf-8");
            })
            .AllowAnonymous()
            .DisableAntiforgery();
        return endpoints;
    }

    // With a body, so the status-code pages middleware does not re-execute the POST as an HTML page.
    private static IResult Forbidden() => Results.Text("The X-Twilio-Signature header is missing or does not match.", statusCode: StatusCodes.Status403Forbidden);

    private static async Task<IFormCollection?> SignedFormAsync(HttpRequest request, TwilioSignature signature, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        return signature.IsValid(request, form) ? form : null;
    }
}
