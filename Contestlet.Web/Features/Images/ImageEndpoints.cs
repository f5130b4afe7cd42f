using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Images;

public static class ImageEndpoints
{
    /// <summary>A rendition never changes under its URL (the URL names the upload's content hash), so caches keep it a year.</summary>
    public const string CacheControl = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HeroImageUrls.Prefix + "{file}", async Task<IResult> (string file, HttpContext http,
                IDbContextFactory<ContestletDbContext> dbFactory, CancellationToken cancellationToken) =>
            {
                if (!HeroImageUrls.TryParse(file, out var hash, out var width))
                {
                    return Results.NotFound();
                }

                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var content = await db.ImageRenditions.AsNoTracking().Where(r => r.Hash == hash && r.Width == width).Select(r => r.Content)
                    .SingleOrDefaultAsync(cancellationToken);
                if (content is null)
                {
                    return Results.NotFound();
                }

                http.Response.Headers.CacheControl = CacheControl;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.File(content, ImageRendition.ContentType);
            })
            .AllowAnonymous();
        return endpoints;
    }
}
