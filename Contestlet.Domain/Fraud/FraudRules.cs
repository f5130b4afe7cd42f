using PhoneNumbers;

namespace Contestlet.Domain.Fraud;

/// <summary>The signals' arithmetic, without a database: dense windows in time, runs of numbers, line types.</summary>
public static class FraudRules
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The items that share a window of at most <paramref name="window"/> holding at least <paramref name="minCount"/> items,
    /// each with the largest such count it belongs to. <paramref name="sorted"/> is ordered by time.
    /// </summary>
    public static IReadOnlyDictionary<long, int> DenseWindows(IReadOnlyList<(long Id, DateTimeOffset At)> sorted, int minCount, TimeSpan window)
    {
        var best = new Dictionary<long, int>();
        var left = 0;
        for (var right = 0; right < sorted.Count; right++)
        {
            while (sorted[right].At - sorted[left].At > window)
            {
                left++;
            }

            var count = right - left + 1;
            if (count < minCount)
            {
                continue;
            }

            for (var i = left; i <= right; i++)
            {
                best[sorted[i].Id] = Math.Max(best.GetValueOrDefault(sorted[i].Id), count);
            }
        }

        return best;
    }

    /// <summary>The entries whose numbers form runs of at least <paramref name="minRun"/> consecutive numbers, with the run's length.</summary>
    public static IReadOnlyDictionary<long, int> SequentialRuns(IEnumerable<(long Id, string E164)> entries, int minRun)
    {
        var byNumber = entries
            .Select(e => (e.Id, Number: NumberOf(e.E164)))
            .Where(e => e.Number is not null)
            .GroupBy(e => e.Number!.Value)
            .OrderBy(g => g.Key)
            .ToList();
        var result = new Dictionary<long, int>();
        var start = 0;
        for (var i = 1; i <= byNumber.Count; i++)
        {
            if (i < byNumber.Count && byNumber[i].Key == byNumber[i - 1].Key + 1)
            {
                continue;
            }

            var length = i - start;
            if (length >= minRun)
            {
                foreach (var entry in byNumber.Skip(start).Take(length).SelectMany(g => g))
                {
                    result[entry.Id] = length;
                }
            }

            start = i;
        }

        return result;
    }

    /// <summary>The E.164 numbers within <paramref name="distance"/> of <paramref name="e164"/> (itself excluded).</summary>
    public static IEnumerable<string> Neighbours(string e164, int distance)
    {
        if (NumberOf(e164) is not { } number)
        {
            yield break;
        }

        for (var d = -distance; d <= distance; d++)
        {
            if (d != 0 && number + d > 0)
            {
                yield return "+" + (number + d).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// The line type's name in words when libphonenumber places the number in a non-mobile range (VoIP, fixed line,
    /// toll-free, premium…); null for mobile numbers and for ranges that do not tell (US numbers are "fixed line or mobile").
    /// </summary>
    public static string? NonMobileLineType(string e164)
    {
        PhoneNumber parsed;
        try
        {
            parsed = Phones.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return null;
        }

        return Phones.GetNumberType(parsed) switch
        {
            PhoneNumberType.VOIP => "a VoIP number",
            PhoneNumberType.FIXED_LINE => "a fixed (landline) number",
            PhoneNumberType.TOLL_FREE => "a toll-free number",
            PhoneNumberType.PREMIUM_RATE => "a premium-rate number",
            PhoneNumberType.SHARED_COST => "a shared-cost number",
            PhoneNumberType.PAGER => "a pager number",
            PhoneNumberType.UAN => "a company (UAN) number",
            PhoneNumberType.VOICEMAIL => "a voicemail-only number",
            _ => null,
        };
    }

    private static long? NumberOf(string e164) =>
        e164.Length is > 1 and <= 16 && e164[0] == '+' && long.TryParse(e164.AsSpan(1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
