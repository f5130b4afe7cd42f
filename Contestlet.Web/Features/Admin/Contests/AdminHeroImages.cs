using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Images;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>
/// Uploading and removing a contest's hero image (docs/decisions/023-hero-images-in-the-database.md). The file is read, checked
/// and re-encoded first, outside any transaction (decoding is the slow part); then the renditions, the contest's reference
/// to them and the audit row are saved as one admin change (<see cref="AdminChanges"/>), so a refused file changes nothing.
/// </summary>
public sealed class AdminHeroImages(AdminChanges changes, ILogger<AdminHeroImages> logger)
{
    private const string ChangedMeanwhile = "Someone entered this contest while the image was being saved. Upload it again.";

    /// <summary>Checks <paramref name="content"/> (at most 5 MB, PNG, JPEG or WebP by its bytes) and shows it as the contest's hero image.</summary>
    public async Task<AdminResult> UploadAsync(int contestId, Stream content, AdminActor actor, CancellationToken cancellationToken)
    {
        var checkedFile = await changes.TryAsync(actor, async () =>
        {
            var file = await HeroImageProcessor.ReadAsync(content, cancellationToken) ?? throw new DomainRuleException(HeroImageProcessor.TooLarge);
            var processed = await HeroImageProcessor.ProcessAsync(file, cancellationToken);
            if (processed.Refusal is { } refusal)
            {
                logger.LogInformation("Hero image for contest {ContestId} refused ({Bytes} bytes) for admin {Admin}", contestId, file.Length, actor.Masked);
                throw new DomainRuleException(refusal);
            }

            return processed;
        }, cancellationToken);
        if (checkedFile is not { Succeeded: true, Value: { Image: { } image } processed })
        {
            return AdminResult.Failed(checkedFile.Error!);
        }

        var detail = $"Hero image uploaded ({image.Width}×{image.Height}, {processed.Renditions.Count} sizes, {image.Hash[..12]})";
        return await ChangeAsync(contestId, actor, detail, async change =>
        {
            // The same file uploaded before (for any contest) keeps its stored bytes: a URL's content never changes.
            var stored = await change.Db.ImageRenditions.Where(r => r.Hash == image.Hash).Select(r => r.Width).ToListAsync(change.CancellationToken);
            change.Db.ImageRenditions.AddRange(processed.Renditions.Where(r => !stored.Contains(r.Width))
                .Select(r => new ImageRendition(image.Hash, r.Width, r.Height, r.Webp, change.Now)));
            return image;
        }, cancellationToken);
    }

    /// <summary>The contest shows no uploaded image any more (its image URL, if any, again). The renditions stay stored.</summary>
    public Task<AdminResult> RemoveAsync(int contestId, AdminActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(contestId, actor, "Hero image removed", _ => Task.FromResult<HeroImage?>(null), cancellationToken);

    private async Task<AdminResult> ChangeAsync(int contestId, AdminActor actor, string detail, Func<AdminChange, Task<HeroImage?>> prepare,
        CancellationToken cancellationToken)
    {
        var result = await changes.RunAsync(actor, async change =>
        {
            var contest = await change.Db.Contests.SingleOrDefaultAsync(c => c.Id == contestId, change.CancellationToken)
                          ?? throw new DomainRuleException("That contest no longer exists (it may have been deleted).");
            contest.SetHeroImage(await prepare(change), change.Now);
            await change.AuditAsync(contest, AuditAction.Edited, detail);
            return contest.Id;
        }, cancellationToken, ChangedMeanwhile);
        if (!result.Succeeded)
        {
            return AdminResult.Failed(result.Error!);
        }

        logger.LogInformation("Contest {ContestId}: {Change} by admin {Admin}", contestId, detail, actor.Masked);
        return AdminResult.Done(contestId);
    }
}
