using Contestlet.Web.Infrastructure;

namespace Contestlet.Web.Features.Admin.Entries;

public static class AdminEntryEndpoints
{
    public static string CsvPath(int contestId, bool fullPhones = false) =>
        $"/admin/contests/{contestId}/entries.csv" + (fullPhones ? "?phones=full" : "");

    public static IEndpointRouteBuilder MapAdminEntryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Streamed: the response starts at once and the rows follow the database cursor, never all in memory.
        endpoints.MapGet("/admin/contests/{id:int}/entries.csv", async Task<IResult> (int id, string? phones, HttpContext http,
                AdminEntries entries, CancellationToken cancellationToken) =>
            {
                var full = string.Equals(phones, "full", StringComparison.OrdinalIgnoreCase);
                if (await entries.RecordExportAsync(id, full, AdminActor.FromPrincipal(http.User), cancellationToken) is not { } summary)
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
