using Contestlet.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Contestlet.Web.Features.Admin.Entries;

public static class AdminEntryEndpoints
{
    /// <summary>The export's address; a form posts to it (with <c>phones=full</c> for full numbers).</summary>
    public static string CsvPath(int contestId) => $"/admin/contests/{contestId}/entries.csv";

    /// <summary>The form field that asks for full phone numbers instead of masked ones.</summary>
    public const string PhonesField = "phones";

    public static IEndpointRouteBuilder MapAdminEntryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A POST with the form's antiforgery token (a form-bound parameter makes minimal APIs require it): an export writes an
        // audit row and hands out phone numbers, so another site must not be able to trigger it with a link or an image.
        // Streamed: the response starts at once and the rows follow the database cursor, never all in memory.
        endpoints.MapPost("/admin/contests/{id:int}/entries.csv", async Task<IResult> (int id, [FromForm(Name = PhonesField)] string? phones, HttpContext http,
                AdminEntries entries, CancellationToken cancellationToken) =>
            {
                var full = string.Equals(phones, "full", StringComparison.OrdinalIgnoreCase);
                var recorded = await entries.RecordExportAsync(id, full, AdminActor.FromPrincipal(http.User), cancellationToken);
                if (!recorded.Succeeded)
                {
                    return Results.Problem(recorded.Error, statusCode: StatusCodes.Status403Forbidden);
                }

                if (recorded.Value is not { } summary)
                {
                    return Results.NotFound();
                }

                return Results.Stream(stream => entries.WriteCsvAsync(id, full, stream, cancellationToken), "text/csv; charset=utf-8",
                    $"contest-{summary.Contest.Code}-entries.csv");
            })
            .RequireAuthorization(WebSetup.AdminPolicy);
        return endpoints;
    }
}
