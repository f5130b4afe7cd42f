using System.Net;
using System.Text;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Images;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Contestlet.Web.Tests.Integration.Images;

/// <summary>
/// Issue 14 item 4: an admin uploads a hero image; it is checked by its content, re-encoded at web widths, stored in the
/// database, served under its content hash with year-long caching, and shown with a srcset on the contest page. A file
/// that is not a usable image is refused with a sentence and changes nothing.
/// </summary>
public sealed class HeroImageUploadTests
{
    private static readonly AdminActor Dana = new("+15551234567", "Dana");

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task StoresServesAndShowsTheRenditionsOfAnUploadedPng(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveAsync(app, TestContests.Active(app.Time.GetUtcNow(), name: "Beach Day"));

            var result = await UploadAsync(app, contest.Id, TestImages.Png(2000, 1200));

            Assert.True(result.Succeeded, result.Error);
            await using (var db = app.CreateDbContext())
            {
                var saved = await db.Contests.SingleAsync(c => c.Id == contest.Id);
                var hero = Assert.IsType<HeroImage>(saved.HeroImage);
                Assert.Equal((1600, 960), (hero.Width, hero.Height));
                var renditions = await db.ImageRenditions.Where(r => r.Hash == hero.Hash).OrderBy(r => r.Width).ToListAsync();
                Assert.Equal([(480, 288), (960, 576), (1600, 960)], renditions.Select(r => (r.Width, r.Height)));
                Assert.All(renditions, r => Assert.Equal((r.Width, r.Height, SKEncodedImageFormat.Webp), TestImages.Describe(r.Content)));
                var audit = await db.AuditLog.Where(a => a.ContestId == contest.Id).OrderByDescending(a => a.Id).FirstAsync();
                Assert.StartsWith("Hero image uploaded (1600×960, 3 sizes", audit.Detail);
            }

            var client = app.CreateClient();
            var hash = (await HeroOfAsync(app, contest.Id))!.Hash;
            using var response = await client.GetAsync(HeroImageUrls.For(hash, 960));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal((960, 576, SKEncodedImageFormat.Webp), TestImages.Describe(await response.Content.ReadAsByteArrayAsync()));

            var page = await client.GetStringAsync($"/c/{contest.Code}");
            Assert.Contains($"srcset=\"{HeroImageUrls.For(hash, 480)} 480w, {HeroImageUrls.For(hash, 960)} 960w, {HeroImageUrls.For(hash, 1600)} 1600w\"", page);
            Assert.Contains($"src=\"{HeroImageUrls.For(hash, 1600)}\"", page);
            Assert.Contains("width=\"1600\" height=\"960\"", page);
            Assert.Contains("alt=\"Beach Day\"", page);
            Assert.Contains($"sizes=\"{HeroImageUrls.ContestPageSizes}\"", page);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AnswersNotFoundForAnUnknownHashWidthOrName(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveAsync(app, TestContests.Active(app.Time.GetUtcNow()));
            Assert.True((await UploadAsync(app, contest.Id, TestImages.Png(600, 300))).Succeeded);
            var hash = (await HeroOfAsync(app, contest.Id))!.Hash;
            var client = app.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(HeroImageUrls.For(hash, 600))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(HeroImageUrls.For(new string('a', 64), 600))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(HeroImageUrls.For(hash, 960))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/images/{hash}-600.png")).StatusCode);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task TurnsAJpegUprightAndDropsItsExif(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveAsync(app, TestContests.Active(app.Time.GetUtcNow()));
            var jpeg = TestImages.JpegWithExif(1200, 800);
            Assert.Contains(TestImages.ExifMarker, Encoding.ASCII.GetString(jpeg));

            Assert.True((await UploadAsync(app, contest.Id, jpeg)).Succeeded);

            // Stored 1200 × 800 sideways with orientation 6: shown 800 × 1200.
            var hero = await HeroOfAsync(app, contest.Id);
            Assert.Equal((800, 1200), (hero!.Width, hero.Height));
            await using var db = app.CreateDbContext();
            var renditions = await db.ImageRenditions.Where(r => r.Hash == hero.Hash).OrderBy(r => r.Width).ToListAsync();
            Assert.Equal([(480, 720), (800, 1200)], renditions.Select(r => (r.Width, r.Height)));
            Assert.All(renditions, r => Assert.DoesNotContain(TestImages.ExifMarker, Encoding.ASCII.GetString(r.Content)));
        });

    public static TheoryData<string, string, string> Refusals()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in DatabaseProviders.Both)
        {
            data.Add(provider, "text file named .png", HeroImageProcessor.NotAnImage);
            data.Add(provider, "GIF", HeroImageProcessor.NotAnImage);
            data.Add(provider, "over 5 MB", HeroImageProcessor.TooLarge);
            data.Add(provider, "truncated PNG", HeroImageProcessor.Damaged);
            data.Add(provider, "100-megapixel header", HeroImageProcessor.TooManyPixels(10_000, 10_000));
            data.Add(provider, "empty", HeroImageProcessor.Empty);
        }

        return data;
    }

    private static byte[] FileFor(string kind) => kind switch
    {
        "text file named .png" => Encoding.UTF8.GetBytes("Just some notes, saved as beach.png.\n"),
        "GIF" => Convert.FromHexString("47494638396101000100800000000000FFFFFF21F90401000000002C00000000010001000002024401003B"),
        "over 5 MB" => [.. TestImages.Png(32, 32), .. new byte[HeroImageProcessor.MaxBytes]],
        "truncated PNG" => TestImages.TruncatedPng(2000, 1200),
        "100-megapixel header" => TestImages.PngClaiming(10_000, 10_000),
        "empty" => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public Task RefusesAFileThatIsNotAUsableImageAndChangesNothing(string provider, string kind, string message) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveAsync(app, TestContests.Active(app.Time.GetUtcNow()));
            Assert.True((await UploadAsync(app, contest.Id, TestImages.Png(700, 350))).Succeeded);
            var before = await SnapshotAsync(app);

            var result = await UploadAsync(app, contest.Id, FileFor(kind));

            Assert.Equal((false, message), (result.Succeeded, result.Error));
            Assert.Equal(before, await SnapshotAsync(app));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RemovingTheImageShowsTheImageUrlAgainAndReuploadingStoresNothingTwice(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveAsync(app, TestContests.Active(app.Time.GetUtcNow(), name: "Url Contest"));
            await using (var db = app.CreateDbContext())
            {
                var tracked = await db.Contests.SingleAsync(c => c.Id == contest.Id);
                tracked.Edit(TestContests.Details("Url Contest") with { ImageUrl = "https://cdn.example.com/hero.jpg" }, tracked.Schedule, app.Time.GetUtcNow());
                await db.SaveChangesAsync();
            }

            var webp = TestImages.Webp(1000, 500);
            Assert.True((await UploadAsync(app, contest.Id, webp)).Succeeded);
            var client = app.CreateClient();
            Assert.DoesNotContain("https://cdn.example.com/hero.jpg", await client.GetStringAsync($"/c/{contest.Code}"));

            await using (var scope = app.Services.CreateAsyncScope())
            {
                Assert.True((await scope.ServiceProvider.GetRequiredService<AdminHeroImages>().RemoveAsync(contest.Id, Dana, CancellationToken.None)).Succeeded);
            }

            Assert.Null(await HeroOfAsync(app, contest.Id));
            var page = await client.GetStringAsync($"/c/{contest.Code}");
            Assert.Contains("src=\"https://cdn.example.com/hero.jpg\"", page);
            Assert.DoesNotContain("srcset", page);

            Assert.True((await UploadAsync(app, contest.Id, webp)).Succeeded);
            await using var check = app.CreateDbContext();
            Assert.Equal(3, await check.ImageRenditions.CountAsync()); // 480, 960, 1000: the same file's renditions, once
            Assert.Equal(["Hero image removed"], await check.AuditLog.Where(a => a.ContestId == contest.Id && a.Detail == "Hero image removed")
                .Select(a => a.Detail!).ToListAsync());
        });

    private static async Task<Contest> SaveAsync(ContestletAppFactory app, Contest contest)
    {
        await using var db = app.CreateDbContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }

    private static async Task<AdminResult> UploadAsync(ContestletAppFactory app, int contestId, byte[] file)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var content = new MemoryStream(file);
        return await scope.ServiceProvider.GetRequiredService<AdminHeroImages>().UploadAsync(contestId, content, Dana, CancellationToken.None);
    }

    private static async Task<HeroImage?> HeroOfAsync(ContestletAppFactory app, int contestId)
    {
        await using var db = app.CreateDbContext();
        return (await db.Contests.AsNoTracking().SingleAsync(c => c.Id == contestId)).HeroImage;
    }

    /// <summary>The contests and image tables and the audit log, as far as an upload could change them.</summary>
    private static async Task<string> SnapshotAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        var contests = await db.Contests.IgnoreQueryFilters().OrderBy(c => c.Id)
            .Select(c => $"{c.Id}:{c.HeroImageHash}:{c.HeroImageWidth}:{c.HeroImageHeight}:{c.ImageUrl}:{c.UpdatedAt}").ToListAsync();
        var images = await db.ImageRenditions.OrderBy(r => r.Hash).ThenBy(r => r.Width).Select(r => $"{r.Hash}-{r.Width}:{r.Content.Length}").ToListAsync();
        return string.Join("|", contests) + "#" + string.Join("|", images) + $"#audit {await db.AuditLog.CountAsync()}";
    }
}
