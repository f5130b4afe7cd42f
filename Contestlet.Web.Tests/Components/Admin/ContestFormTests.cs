using Bunit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Contestlet.Web.Tests.Components.Admin;

public sealed class ContestFormTests : IAsyncLifetime
{
    // MudBlazor shows validation messages after its own asynchronous validation; on a busy machine that takes a moment.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly BunitContext _context = new();
    private readonly List<(ContestDetails Details, ContestSchedule Schedule)> _saved = [];
    private AdminResult _answer = AdminResult.Done(1);

    public ContestFormTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static ContestInput Valid() => new()
    {
        Name = "Margarita Monday",
        SponsorName = "Casa Azul",
        PrizeDescription = "Pitcher",
        TimeZoneId = "America/New_York",
        StartLocal = "2027-03-13T18:00",
        EndLocal = "2027-03-20T18:00",
    };

    private IRenderedComponent<ContestForm> Render(ContestInput input, ContestLock lockState = ContestLock.None)
    {
        _context.Render<MudPopoverProvider>();
        return _context.Render<ContestForm>(p => p
            .Add(f => f.Input, input)
            .Add(f => f.AdminTimeZoneId, "America/Los_Angeles")
            .Add(f => f.Lock, lockState)
            .Add(f => f.Save, (details, schedule) =>
            {
                _saved.Add((details, schedule));
                return Task.FromResult(_answer);
            }));
    }

    [Fact]
    public void ShowsDomainErrorsBesideTheirFieldsAndSavesNothingGivenMissingBasics()
    {
        var form = Render(new ContestInput { TimeZoneId = "America/New_York", StartLocal = "2027-03-13T18:00", EndLocal = "2027-03-20T18:00" });
        form.Find("form").Submit();

        Assert.Empty(_saved);
        form.WaitForAssertion(() => Assert.Contains("Give the contest a name.", ErrorTextBeside(form, "Name")), Patience);
        form.WaitForAssertion(() => Assert.Contains("Name the sponsor.", ErrorTextBeside(form, "Sponsor name")), Patience);
        form.WaitForAssertion(() => Assert.Contains("Describe the prize.", ErrorTextBeside(form, "Prize description")), Patience);
        Assert.Contains("Some fields need attention.", form.Find("[data-testid=form-error]").TextContent);
    }

    [Fact]
    public void ShowsGapErrorBesideStartAsSoonAsTheTimeIsTyped()
    {
        var form = Render(Valid());

        form.Find("#contest-start").Change("2027-03-14T02:30");

        form.WaitForAssertion(() => Assert.Contains("does not exist in America/New_York", ErrorTextBeside(form, "Starts (local time in that zone)")), Patience);
        Assert.Contains("EST → EDT", form.Markup);
        Assert.NotNull(form.Find("[data-testid=preview-invalid]"));
    }

    [Fact]
    public void RejectsUnknownPlaceholderBesideTheTemplate()
    {
        var input = Valid();
        input.MessagesWinner = "You won {prise}!";
        var form = Render(input);

        form.Find("form").Submit();

        Assert.Empty(_saved);
        form.WaitForAssertion(() => Assert.Contains("{prise} is not a placeholder", ErrorTextBeside(form, "Winner")), Patience);
    }

    [Fact]
    public void SavesDetailsAndScheduleGivenValidForm()
    {
        var form = Render(Valid());

        form.Find("form").Submit();

        var (details, schedule) = Assert.Single(_saved);
        Assert.Equal("Margarita Monday", details.Name);
        Assert.Equal(new DateTimeOffset(2027, 3, 13, 23, 0, 0, TimeSpan.Zero), schedule.StartsAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 20, 22, 0, 0, TimeSpan.Zero), schedule.EndsAt);
        Assert.Empty(form.FindAll("[data-testid=form-error]"));
    }

    [Fact]
    public void ShowsServerRuleErrorsBesideTheirFieldsGivenEditRefused()
    {
        _answer = AdminResult.Invalid(new Dictionary<string, string> { ["End"] = "The contest already has 3 entries, so its end can only be extended." });
        var form = Render(Valid());

        form.Find("form").Submit();

        Assert.Single(_saved);
        form.WaitForAssertion(() => Assert.Contains("can only be extended", ErrorTextBeside(form, "Ends (local time in that zone)")), Patience);
    }

    [Fact]
    public void PreviewsSmsWithSampleValuesAndCountsSegments()
    {
        var input = Valid();
        input.MessagesEntryConfirmation = "You're in for {contest_name}! Winners are drawn {end_time}.";
        var form = Render(input);

        var preview = form.Find("[data-testid=sms-preview-entry]");

        Assert.Contains("You're in for Margarita Monday! Winners are drawn Sat, Mar 20, 6:00 PM EDT.", preview.TextContent);
        Assert.Contains("1 segment · 75/160 GSM-7 characters", preview.QuerySelector("[data-testid=sms-segments]")!.TextContent);
    }

    [Fact]
    public void DisablesScheduleAndPrizeGivenTextsOnlyLock()
    {
        var form = Render(Valid(), ContestLock.TextsOnly);

        Assert.True(form.Find("#contest-start").HasAttribute("disabled"));
        Assert.True(form.Find("#contest-end").HasAttribute("disabled"));
        Assert.Contains("Only texts and images can change now.", form.Find("[data-testid=schedule-lock]").TextContent);
    }

    /// <summary>The helper/error text MudBlazor renders under the input whose label is <paramref name="label"/>.</summary>
    private static string ErrorTextBeside(IRenderedComponent<ContestForm> form, string label)
    {
        var field = form.FindAll(".mud-input-control").FirstOrDefault(c => c.QuerySelector("label")?.TextContent.Trim() == label)
                    ?? throw new InvalidOperationException($"No field labelled '{label}'.");
        return field.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent ?? "";
    }
}
