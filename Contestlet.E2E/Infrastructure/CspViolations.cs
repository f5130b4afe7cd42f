using Microsoft.Playwright;

namespace Contestlet.E2E.Infrastructure;

/// <summary>
/// Fails a journey on any Content-Security-Policy violation the browser reports (issue 13 item 5). Chromium writes each
/// refusal to the console ("Refused to execute inline script because it violates ... Content Security Policy"); an init
/// script also reports the page's <c>securitypolicyviolation</c> events there. On the first one the context is closed
/// with the violation as the reason, so the journey's next step fails with it; the fixture checks the list once more
/// when it is disposed, for a violation after a journey's last step.
/// </summary>
public sealed class CspViolations
{
    private const string Marker = "Content Security Policy";

    private const string ReportScript =
        "document.addEventListener('securitypolicyviolation', e => console.error('" + Marker + " violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.documentURI));";

    private readonly List<string> _seen = [];

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public async Task WatchAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(ReportScript);
        context.Console += (_, message) =>
        {
            if (!message.Text.Contains(Marker, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var violation = $"{message.Text} ({message.Location})";
            lock (_seen)
            {
                _seen.Add(violation);
            }

            _ = context.CloseAsync(new BrowserContextCloseOptions { Reason = "CSP violation: " + violation });
        };
    }

    /// <summary>Throws when any watched context reported a violation.</summary>
    public void AssertNone()
    {
        var seen = Seen;
        if (seen.Count > 0)
        {
            throw new InvalidOperationException("The browser reported Content-Security-Policy violations:\n" + string.Join('\n', seen));
        }
    }
}
