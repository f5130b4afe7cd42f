using System.Runtime.CompilerServices;
using Contestlet.Domain.Contests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Contestlet.Web.Data;

/// <summary>
/// Counts saves that added, changed or removed a contest in this process, so a cache of public reads can drop what it
/// holds the moment an admin publishes, edits, cancels, deletes or draws here. Other instances' caches expire on their own
/// within seconds (see <see cref="Features.Contests.PublicContests"/>).
/// </summary>
public sealed class ContestChanges : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    // Bumped before and after the write: a read racing the save cannot cache the old row under the final generation.
    // Owned parts (schedule, eligibility, prize, texts) count too; a false alarm only costs one cache miss.
    private void Saving(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && (e.Entity is Contest || e.Metadata.IsOwned())))
        {
            _saving.AddOrUpdate(context, this);
            Interlocked.Increment(ref _generation);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
        {
            Interlocked.Increment(ref _generation);
        }
    }
}
