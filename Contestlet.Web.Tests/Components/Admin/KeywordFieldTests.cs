using Bunit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Contestlet.Web.Tests.Components.Admin;

/// <summary>The form refuses a reserved or taken keyword beside the field; the save runs the real service on a real SQLite file.</summary>
public sealed class KeywordFieldTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _context = new();
    private readonly SqliteTestDatabase _database = new();
    private int _saves;

    public KeywordFieldTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _database.DisposeAsync();
    }

    private IRenderedComponent<ContestForm> Render(string keyword)
    {
        var contests = new AdminContests(new TestDbContextFactory(_database), new FakeTimeProvider(Now), TestSeeds.Vault,
            TestAdminAccess.Changes(new TestDbContextFactory(_database), new FakeTimeProvider(Now)), NullLogger<AdminContests>.Instance);
        _context.Render<MudPopoverProvider>();
        return _context.Render<ContestForm>(p => p
            .Add(f => f.Input, new ContestInput
            {
                Name = "Surf Weekend",
                SponsorName = "Bondi Surf Co.",
                PrizeDescription = "Surf lesson",
                TimeZoneId = "America/New_York",
                StartLocal = "2027-03-13T18:00",
                EndLocal = "2027-03-20T18:00",
                Keyword = keyword,
            })
            .Add(f => f.AdminTimeZoneId, "America/New_York")
            .Add(f => f.SendingNumber, "(213) 555-0100")
            .Add(f => f.Save, (details, schedule) =>
            {
                _saves++;
                return contests.CreateAsync(details, schedule, new AdminActor("+15551234567", "Dana"), CancellationToken.None);
            }));
    }

    [Fact]
    public void RefusesAReservedKeywordBesideTheFieldAndSavesNothing()
    {
        var form = Render("Stop");

        form.Find("form").Submit();

        form.WaitForAssertion(() => Assert.Contains("STOP is a reserved SMS word", ErrorTextBeside(form, "SMS keyword")), Patience);
        Assert.Equal(0, _saves);
        using var db = _database.CreateContext();
        Assert.Empty(db.Contests);
    }

    [Fact]
    public async Task RefusesAKeywordALiveContestHoldsBesideTheField()
    {
        await using (var db = _database.CreateContext())
        {
            var live = Contest.Create(TestContests.Details("Live Surf") with { Keyword = "SURF" },
                new ContestSchedule(Now.AddHours(-1), Now.AddDays(3), "America/New_York"), Now.AddDays(-1));
            live.Publish(Now.AddDays(-1), TestSeeds.Vault);
            db.Contests.Add(live);
            await db.SaveChangesAsync();
        }

        var form = Render("surf");
        Assert.Contains("Text SURF to (213) 555-0100", form.Find("[data-testid=call-to-action]").TextContent);

        form.Find("form").Submit();

        form.WaitForAssertion(() => Assert.Contains("SURF is already the keyword of “Live Surf”", ErrorTextBeside(form, "SMS keyword")), Patience);
        Assert.Equal(1, _saves);
        await using var check = _database.CreateContext();
        Assert.Single(check.Contests);
    }

    private static string ErrorTextBeside(IRenderedComponent<ContestForm> form, string label)
    {
        var field = form.FindAll(".mud-input-control").FirstOrDefault(c => c.QuerySelector("label")?.TextContent.Trim() == label)
                    ?? throw new InvalidOperationException($"No field labelled '{label}'.");
        return field.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent ?? "";
    }
}
