using System.Text;

namespace Contestlet.Web.Features.Draws;

public static class DrawEndpoints
{
    public const string EntriesFileName = "entries.txt";

    /// <summary>The public path of a drawn contest's entry list, the <c>--entries</c> input of <c>verify-draw</c>.</summary>
    public static string EntriesPath(string code) => $"/c/{code}/draw/{EntriesFileName}";

    public static IEndpointRouteBuilder MapDrawEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // One id per line, ascending, exactly the list the draw hashed; 404 until the contest is drawn.
        endpoints.MapGet("/c/{code}/draw/" + EntriesFileName, async Task<IResult> (string code, DrawService draws, CancellationToken cancellationToken) =>
            await draws.FindDrawnEntriesAsync(code, cancellationToken) is { } drawn
                ? Results.Stream(stream => WriteIdsAsync(stream, drawn.EntryIds, cancellationToken), "text/plain; charset=utf-8")
                : Results.NotFound())
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task WriteIdsAsync(Stream stream, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await writer.WriteAsync('\n');
        }
    }
}
