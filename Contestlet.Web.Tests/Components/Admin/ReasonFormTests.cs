using Bunit;
using Contestlet.Web.Features.Admin;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Contestlet.Web.Tests.Components.Admin;

public sealed class ReasonFormTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void ConfirmsWithTrimmedReason()
    {
        string? confirmed = null;
        var form = Render(reason => confirmed = reason);

        form.Find("input").Input("  Entered twice  ");
        form.Find("[data-testid=reason-confirm]").Click();

        Assert.Equal("Entered twice", confirmed);
    }

    [Fact]
    public void RefusesGivenEmptyReason()
    {
        var calls = 0;
        var form = Render(_ => calls++);

        form.Find("[data-testid=reason-confirm]").Click();

        Assert.Equal(0, calls);
        Assert.Contains("Give a reason.", form.Markup, StringComparison.Ordinal);
    }

    private IRenderedComponent<ReasonForm> Render(Action<string> onConfirm) =>
        _context.Render<ReasonForm>(p => p
            .Add(c => c.Title, "Disqualify E-TEST")
            .Add(c => c.OnConfirm, EventCallback.Factory.Create(this, onConfirm)));
}
