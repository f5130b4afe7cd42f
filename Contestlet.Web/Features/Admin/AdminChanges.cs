using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin.Audit;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin;

/// <summary>
/// The one way an admin action runs (docs/decisions/022-admin-actions-and-retries.md). <see cref="RunAsync{T}"/> asks
/// <see cref="IAdminAccessCheck"/> first, then runs the change and its audit row in one transaction through the execution
/// strategy (<see cref="Transactions.InTransactionAsync{T}"/>), so both commit or neither does and a transient failure replays
/// the whole unit on a fresh context. A domain refusal (<see cref="DomainRuleException"/>) thrown by the change rolls it back
/// and comes back as a failed <see cref="AdminResult{T}"/> with its sentence: pages never catch domain exceptions.
/// </summary>
public sealed class AdminChanges(IDbContextFactory<ContestletDbContext> dbFactory, IAdminAccessCheck access, TimeProvider time)
{
    /// <param name="change">Runs on a fresh context each attempt; it must not save or commit (its changes are saved after it returns).</param>
    /// <param name="changedMeanwhile">Said instead of failing when another change of the same rows won (an optimistic-concurrency conflict).</param>
    public Task<AdminResult<T>> RunAsync<T>(AdminActor admin, Func<AdminChange, Task<T>> change, CancellationToken cancellationToken,
        string? changedMeanwhile = null) =>
        TryAsync(admin, () => dbFactory.InTransactionAsync(async db =>
        {
            var result = await change(new AdminChange(db, admin, time.GetUtcNow(), cancellationToken));
            await db.SaveChangesAsync(cancellationToken);
            return result;
        }, cancellationToken), cancellationToken, changedMeanwhile);

    /// <summary>
    /// The access check and the refusals of <see cref="RunAsync{T}"/> around an action that is not one change of one
    /// transaction (a draw that may find a concurrent one's record, a replacement that retries its promotion, a message whose
    /// hourly allowance is spent first). Its transactions go through <see cref="Transactions.InTransactionAsync{T}"/>.
    /// </summary>
    public async Task<AdminResult<T>> TryAsync<T>(AdminActor admin, Func<Task<T>> action, CancellationToken cancellationToken,
        string? changedMeanwhile = null)
    {
        if (await access.RefusalAsync(admin, cancellationToken) is { } refused)
        {
            return AdminResult.Refused<T>(refused);
        }

        try
        {
            return AdminResult.Done(await action());
        }
        catch (AdminFieldErrorsException ex)
        {
            return AdminResult.Invalid<T>(ex.Errors);
        }
        catch (DomainRuleException ex)
        {
            return AdminResult.Refused<T>(ex.Message);
        }
        catch (DbUpdateConcurrencyException) when (changedMeanwhile is not null)
        {
            return AdminResult.Refused<T>(changedMeanwhile);
        }
    }
}

/// <summary>One attempt of an admin's change: its context, who acts, the time the change is stamped with, and its audit row.</summary>
public sealed class AdminChange(ContestletDbContext db, AdminActor admin, DateTimeOffset now, CancellationToken cancellationToken)
{
    public ContestletDbContext Db => db;

    public AdminActor Admin => admin;

    public DateTimeOffset Now => now;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Adds the change's audit row. A contest this change creates is saved first (inside the transaction) so the row has its id.</summary>
    public async Task AuditAsync(Contest contest, AuditAction action, string? detail)
    {
        if (contest.Id == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await AuditTrail.AddAsync(db, contest, action, admin, now, detail, cancellationToken);
    }

    /// <summary>An audit row naming a contest by id and name, or none.</summary>
    public Task AuditAsync(int? contestId, string? contestName, AuditAction action, string? detail) =>
        AuditTrail.AddAsync(db, contestId, contestName, action, admin, now, detail, cancellationToken);
}

/// <summary>A refusal about particular fields of a form: comes back as <see cref="AdminResult.Invalid(IReadOnlyDictionary{string,string})"/>.</summary>
public sealed class AdminFieldErrorsException(IReadOnlyDictionary<string, string> errors)
    : DomainRuleException("Some fields need attention.")
{
    public IReadOnlyDictionary<string, string> Errors => errors;

    public static AdminFieldErrorsException For(string field, string error) => new(new Dictionary<string, string> { [field] = error });
}
