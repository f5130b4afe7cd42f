using MudBlazor;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>The confirmations in front of publish, cancel and delete, shared by the grid and the edit page.</summary>
public sealed class ContestActions(AdminContests contests, IDialogService dialogs, ISnackbar snackbar)
{
    public async Task<bool> PublishAsync(int id, string name, AdminActor actor)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync($"Publish “{name}”?",
            "Publishing makes the contest public on its schedule and commits to the draw's secret seed (its SHA-256 appears in the official rules). It cannot be unpublished; it can be cancelled.",
            yesText: "Publish", cancelText: "Not yet");
        return confirmed == true && Report(await contests.PublishAsync(id, actor, CancellationToken.None), $"“{name}” is published.");
    }

    public async Task<bool> CancelAsync(int id, string name, int entryCount, AdminActor actor)
    {
        var dialog = await dialogs.ShowAsync<CancelContestDialog>("Cancel contest", new DialogParameters<CancelContestDialog>
        {
            { d => d.Name, name },
            { d => d.EntryCount, entryCount },
        });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: string reason }
               && Report(await contests.CancelAsync(id, reason, actor, CancellationToken.None), $"“{name}” is cancelled; entries are closed.");
    }

    public async Task<bool> DeleteAsync(int id, string name, int entryCount, AdminActor actor)
    {
        var dialog = await dialogs.ShowAsync<DeleteContestDialog>("Delete contest", new DialogParameters<DeleteContestDialog>
        {
            { d => d.Name, name },
            { d => d.EntryCount, entryCount },
        });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: string typed }
               && Report(await contests.MoveToTrashAsync(id, typed, actor, CancellationToken.None), $"“{name}” moved to the trash.");
    }

    public bool Report(AdminResult result, string success)
    {
        snackbar.Add(result.Succeeded ? success : result.Error ?? "That did not work.", result.Succeeded ? Severity.Success : Severity.Error);
        return result.Succeeded;
    }
}
