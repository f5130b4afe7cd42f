using Contestlet.Web.Features.Admin;

namespace Contestlet.Web.Tests;

/// <summary>Reading an admin action's <see cref="AdminResult{T}"/> in tests: what it produced, or the sentence it was refused with.</summary>
public static class AdminResults
{
    /// <summary>The action's value; fails the test (with the refusal's sentence) when it was refused.</summary>
    public static async Task<T> DoneAsync<T>(this Task<AdminResult<T>> action)
    {
        var result = await action;
        Assert.True(result.Succeeded, result.Error);
        return result.Value!;
    }

    /// <summary>The sentence the action was refused with; fails the test when it succeeded.</summary>
    public static async Task<string> RefusedAsync<T>(this Task<AdminResult<T>> action)
    {
        var result = await action;
        Assert.False(result.Succeeded, "The action succeeded.");
        return result.Error!;
    }
}
