using System.Text;

namespace Contestlet.Web.Features.Draws;

public static class DrawEndpoints
{
    public const string EntriesFileName = "entries.txt";

    /// <summary>The public path of a drawn contest's entry list, the <c>--entries</c> input of <c>verify-draw</c>.</summary>
    public static string EntriesPath(string code) => $"/c/{code}/draw/{EntriesFileName}";

    public static IEndpointRouteBuilder MapDrawEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // One id per line, ascending, exactly the list the draw hashed, stored with the draw; 404 until the contest is drawn.
        endpoints.MapGet("/c/{code}/draw/" + EntriesFileName, async Task<IResult> (string code, DrawService draws, CancellationToken cancellationToken) =>
            await draws.FindEntryListAsync(code, cancellationToken) is { } text
                ? Results.Text(text, "text/plain; charset=utf-8", Encoding.UTF8)
                : Results.NotFound())
            .AllowAnonymous();
        return endpoints;
    }
}
