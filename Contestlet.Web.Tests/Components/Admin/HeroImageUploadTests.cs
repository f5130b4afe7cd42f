using System.Text;
using Bunit;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Images;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Contestlet.Web.Tests.Components.Admin;

/// <summary>The contest form's image control: a picked file goes through the real service on a real SQLite file.</summary>
public sealed class HeroImageUploadTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly BunitContext _context = new();
    private readonly SqliteTestDatabase _database = new();
    private int _changes;

    public HeroImageUploadTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _context.Services.AddSingleton(new AdminHeroImages(TestAdminAccess.Changes(new TestDbContextFactory(_database), new FakeTimeProvider(DateTimeOffset.UtcNow)),
            NullLogger<AdminHeroImages>.Instance));
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<IRenderedComponent<HeroImageUpload>> RenderAsync()
    {
        var contest = TestContests.Active(DateTimeOffset.UtcNow);
        await using (var db = _database.CreateContext())
        {
            db.Contests.Add(contest);
            await db.SaveChangesAsync();
        }

        _context.Render<MudPopoverProvider>();
        _context.Render<MudSnackbarProvider>();
        return _context.Render<HeroImageUpload>(p => p
            .Add(c => c.ContestId, contest.Id)
            .Add(c => c.Actor, new AdminActor("+15551234567", "Dana"))
            .Add(c => c.Changed, () => _changes++));
    }

    [Fact]
    public async Task ShowsWhyARenamedTextFileIsRefusedAndStoresNothing()
    {
        var control = await RenderAsync();

        control.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes("not a picture"), "beach.png",
            contentType: "image/png"));

        control.WaitForAssertion(() => Assert.Equal(HeroImageProcessor.NotAnImage, control.Find("[data-testid=hero-image-error]").TextContent.Trim()), Patience);
        Assert.Equal(0, _changes);
        await using var db = _database.CreateContext();
        Assert.Empty(db.ImageRenditions);
    }

    [Fact]
    public async Task UploadsAPickedImageAndTellsThePage()
    {
        var control = await RenderAsync();

        control.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Jpeg(1200, 600), "photo.jpg", contentType: "image/jpeg"));

        control.WaitForAssertion(() => Assert.Equal(1, _changes), Patience);
        Assert.Empty(control.FindAll("[data-testid=hero-image-error]"));
        await using var db = _database.CreateContext();
        Assert.Equal(3, db.ImageRenditions.Count());
    }
}
