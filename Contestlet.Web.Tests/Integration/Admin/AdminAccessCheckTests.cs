using System.Reflection;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Winners;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Admin.Messages;
using Contestlet.Web.Features.Admin.Profile;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Winners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.Admin;

/// <summary>
/// Issue 13 item 1, the remainder: every mutating admin service call re-checks that its admin is still on the admin list
/// (IAdminAccessCheck, the app's own registration), so an open console whose number was removed cannot act even before
/// the circuit's revalidation turns it anonymous. The removed admin's calls are refused and change nothing.
/// </summary>
public sealed class AdminAccessCheckTests
{
    private const string Removed = "+15551234567";
    private const string Kept = "+18187958204";
    private static readonly AdminActor RemovedAdmin = new(Removed, "Riley");
    private static readonly AdminActor KeptAdmin = new(Kept, "Dana");

    private static Dictionary<string, string?> Admins() => new()
    {
        ["Auth:AdminPhones:0"] = Removed,
        ["Auth:AdminPhones:1"] = Kept,
    };

    /// <summary>The number leaves ADMIN_PHONES while the app runs (as on a redeploy or a settings reload).</summary>
    private static void RemoveFromAdminList(ContestletAppFactory app)
    {
        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();
        configuration["Auth:AdminPhones:0"] = Kept;
        configuration.Reload();
    }

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesEveryRepresentativeActionOfARemovedAdminAndChangesNothing(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var now = app.Time.GetUtcNow();
            var draft = await AdminTestKit.SaveAsync(app.Database, TestContests.Draft(now, "Draft"));
            var ended = await AdminTestKit.SaveAsync(app.Database, TestContests.Ended(now, name: "Ended"), entries: 6);
            var drawn = await AdminTestKit.SaveAsync(app.Database, TestContests.Ended(now, name: "Drawn"), entries: 6);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                // The same calls succeed for this admin before the removal: the refusals below are the check's.
                await scope.ServiceProvider.GetRequiredService<DrawService>().DrawAsync(drawn.Id, RemovedAdmin, CancellationToken.None).DoneAsync();
            }

            RemoveFromAdminList(app);
            var before = await SnapshotAsync(app);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var services = scope.ServiceProvider;
                var contests = services.GetRequiredService<AdminContests>();
                var entryId = await FirstEntryAsync(app, ended.Id);
                var awardId = await FirstAwardAsync(app, drawn.Id);

                AssertRefused(await contests.PublishAsync(draft.Id, RemovedAdmin, CancellationToken.None));
                AssertRefused(await contests.MoveToTrashAsync(draft.Id, "Draft", RemovedAdmin, CancellationToken.None));
                AssertRefused(await contests.CancelAsync(ended.Id, "Because", RemovedAdmin, CancellationToken.None));
                AssertRefused(await contests.CreateAsync(TestContests.Details("New"), draft.Schedule, RemovedAdmin, CancellationToken.None));
                AssertRefused(await contests.UpdateAsync(draft.Id, TestContests.Details("Renamed"), draft.Schedule, RemovedAdmin, CancellationToken.None));
                AssertRefused(await services.GetRequiredService<DrawService>().DrawAsync(ended.Id, RemovedAdmin, CancellationToken.None));
                AssertRefused(await services.GetRequiredService<AdminEntries>()
                    .DisqualifyAsync(ended.Id, entryId, "Duplicate", RemovedAdmin, CancellationToken.None));
                AssertRefused(await services.GetRequiredService<AdminEntries>()
                    .DisqualifyManyAsync(ended.Id, [entryId], "Duplicate", RemovedAdmin, CancellationToken.None));
                AssertRefused(await services.GetRequiredService<WinnerNotifications>()
                    .NotifyWinnersAsync(drawn.Id, RemovedAdmin, CancellationToken.None));
                AssertRefused(await services.GetRequiredService<WinnerNotifications>()
                    .ReplaceAsync(awardId, AwardStatus.Forfeited, "No answer", RemovedAdmin, CancellationToken.None));
                AssertRefused(await services.GetRequiredService<AdminMessages>().SendAsync(
                    new MessageRequest(ended.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "Hello {contest_name}"), RemovedAdmin,
                    CancellationToken.None));
                AssertRefused(await services.GetRequiredService<AdminProfiles>().SaveAsync(RemovedAdmin, "Riley", "America/New_York", CancellationToken.None));
            }

            Assert.Equal(before, await SnapshotAsync(app));

            // The admin still listed acts as before.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                Assert.True((await scope.ServiceProvider.GetRequiredService<AdminContests>().PublishAsync(draft.Id, KeptAdmin, CancellationToken.None)).Succeeded);
            }
        }, settings: Admins());

    [Fact]
    public Task ChecksTheAdminInEveryPublicAdminServiceMethodThatTakesAnActor() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            RemoveFromAdminList(app);
            var methods = AdminActions().ToList();
            // Not vacuous: the known mutating calls are among those found.
            var names = methods.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToHashSet();
            Assert.Superset(new HashSet<string>
            {
                "AdminContests.CreateAsync", "AdminContests.UpdateAsync", "AdminContests.PublishAsync", "AdminContests.CancelAsync",
                "AdminContests.MoveToTrashAsync", "AdminContests.RestoreAsync", "CampaignImport.CreateDraftAsync", "AdminEntries.DisqualifyAsync",
                "AdminEntries.DisqualifyManyAsync", "AdminEntries.RecordExportAsync", "AdminMessages.SendAsync", "NotificationLog.RetryFailedAsync",
                "AdminProfiles.SaveAsync", "DrawService.DrawAsync", "WinnerNotifications.NotifyWinnersAsync", "WinnerNotifications.ReplaceAsync",
                "AdminHeroImages.UploadAsync", "AdminHeroImages.RemoveAsync",
            }, names);

            var unchecked_ = new List<string>();
            foreach (var method in methods)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService(method.DeclaringType!);
                var arguments = method.GetParameters().Select(p =>
                    p.ParameterType == typeof(AdminActor) ? RemovedAdmin
                    : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                    : p.HasDefaultValue ? p.DefaultValue
                    : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType)
                    : null).ToArray();
                if (!await IsRefusedAsync(method.Invoke(service, arguments)))
                {
                    unchecked_.Add($"{method.DeclaringType!.Name}.{method.Name}");
                }
            }

            Assert.Empty(unchecked_);
        }, settings: Admins());

    /// <summary>
    /// Public instance methods of the app's feature services that take the acting admin. Excluded: reads
    /// (AdminProfiles.GetAsync), the check itself and AdminChanges (which runs it), and ContestActions, the console's confirm-dialog helper, whose every call goes through
    /// AdminContests after the admin confirms.
    /// </summary>
    private static IEnumerable<MethodInfo> AdminActions() =>
        typeof(AdminContests).Assembly.GetTypes()
            .Where(t => t.IsClass && t.Namespace?.StartsWith("Contestlet.Web.Features", StringComparison.Ordinal) == true && t != typeof(ContestActions) && t != typeof(AdminChanges)
                        && !typeof(IAdminAccessCheck).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) && m.GetParameters().Any(p => p.ParameterType == typeof(AdminActor)))
            .Where(m => !(m.DeclaringType == typeof(AdminProfiles) && m.Name == nameof(AdminProfiles.GetAsync)));

    private static async Task<bool> IsRefusedAsync(object? returned)
    {
        try
        {
            if (returned is Task task)
            {
                await task;
                returned = task.GetType().GetProperty("Result")?.GetValue(task);
            }
        }
        catch (Exception)
        {
            return false;
        }

        // One shape for every admin action's outcome: anything else (a thrown refusal, a bare value) fails the convention.
        return returned is AdminResult { Succeeded: false } result && result.Error == CurrentAdminList.Refused;
    }

    private static void AssertRefused(AdminResult result) => Assert.Equal((false, CurrentAdminList.Refused), (result.Succeeded, result.Error));

    private static async Task<long> FirstEntryAsync(ContestletAppFactory app, int contestId)
    {
        await using var db = app.CreateDbContext();
        return await db.Entries.Where(e => e.ContestId == contestId).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
    }

    private static async Task<long> FirstAwardAsync(ContestletAppFactory app, int contestId)
    {
        await using var db = app.CreateDbContext();
        return await db.PrizeAwards.Where(a => a.ContestId == contestId).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
    }

    /// <summary>Everything an admin action could change.</summary>
    private static async Task<string> SnapshotAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        var contests = await db.Contests.IgnoreQueryFilters().OrderBy(c => c.Id)
            .Select(c => $"{c.Id}:{c.Name}:{c.PublishedAt}:{c.CancelledAt}:{c.DeletedAt}:{c.DrawnAt}").ToListAsync();
        var entries = await db.Entries.OrderBy(e => e.Id).Select(e => $"{e.Id}:{e.DisqualifiedAt}").ToListAsync();
        var awards = await db.PrizeAwards.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Status}").ToListAsync();
        return string.Join("|", contests) + "#" + string.Join("|", entries) + "#" + string.Join("|", awards)
               + $"#draws {await db.Draws.CountAsync()} notifications {await db.Notifications.CountAsync()} audit {await db.AuditLog.CountAsync()}"
               + $" profiles {await db.AdminProfiles.CountAsync()}";
    }
}
