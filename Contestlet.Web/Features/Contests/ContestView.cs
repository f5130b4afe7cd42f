using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;

namespace Contestlet.Web.Features.Contests;

/// <summary>A contest as the public pages show it at one moment: status and times already worked out.</summary>
public sealed record ContestView(Contest Contest, DateTimeOffset Now)
{
    public ContestStatus Status { get; } = Contest.StatusAt(Now);

    public string Url => $"/c/{Contest.Code}";
    public string StartText => Contest.Schedule.FormatStart();
    public string EndText => Contest.Schedule.FormatEnd();
    public string EndsIn => Countdown.Describe(Contest.Schedule.EndsAt - Now);
    public string StartsIn => Countdown.Describe(Contest.Schedule.StartsAt - Now);
    public string Where => Contest.Eligibility.DescribeWhere();

    public string PrizeSummary
    {
        get
        {
            var winners = Contest.Prize.WinnerCount == 1 ? "1 winner" : $"{Contest.Prize.WinnerCount} winners";
            return Contest.Prize.ValueUsd > 0
                ? $"{Contest.Prize.Description} ({Contest.Prize.ValueUsd.ToString("C0", System.Globalization.CultureInfo.GetCultureInfo("en-US"))} value) · {winners}"
                : $"{Contest.Prize.Description} · {winners}";
        }
    }
}
