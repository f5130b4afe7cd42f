using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Draws;

/// <summary>The public results page's data (docs/product.md §6): each slot's current holder and the verification data.</summary>
public sealed class DrawResults(IDbContextFactory<ContestletDbContext> dbFactory)
{
    /// <summary>The public results page; null before the draw (and for unknown or unpublished contests).</summary>
    public async Task<ResultsView?> ResultsAsync(string? code, CancellationToken cancellationToken)
    {
        if (!ContestCode.TryParse(code, out var parsed))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Code == parsed.Value && c.PublishedAt != null, cancellationToken);
        if (contest is null)
        {
            return null;
        }

        var draw = await db.Draws.AsNoTracking().SingleOrDefaultAsync(d => d.ContestId == contest.Id, cancellationToken);
        if (draw is null)
        {
            return null;
        }

        var awards = await db.PrizeAwards.AsNoTracking().Where(a => a.ContestId == contest.Id).ToListAsync(cancellationToken);
        var ids = draw.Winners.Concat(draw.Alternates).Concat(awards.Select(a => a.EntryId)).Distinct().ToList();
        var phones = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => PhoneNumber.Mask(e.PhoneE164), cancellationToken);
        return ResultsView.From(contest, draw, awards, phones);
    }
}

/// <summary>One line of the results page: a slot's current holder, and the holders it replaced.</summary>
public sealed record ResultSlot(int Slot, string MaskedPhone, string StatusText, IReadOnlyList<string> History);

public sealed record ResultsView(Contest Contest, DrawRecord Draw, IReadOnlyList<ResultSlot> Slots, IReadOnlyList<string> Alternates)
{
    public string DrawnAtText => TimeZones.Format(Draw.DrawnAt, Contest.Schedule.TimeZoneId, withYear: true);

    public static ResultsView From(Contest contest, DrawRecord draw, IReadOnlyList<PrizeAward> awards, IReadOnlyDictionary<long, string> phones)
    {
        string Mask(long id) => phones.TryGetValue(id, out var masked) ? masked : "•••";
        var slots = draw.Winners.Select((winner, i) =>
        {
            var chain = awards.Where(a => a.Slot == i + 1).OrderBy(a => a.Id).ToList();
            var current = chain.LastOrDefault();
            var history = chain.Where(a => !a.HoldsSlot)
                .Select(a => $"{Mask(a.EntryId)}: {(a.Status == AwardStatus.Forfeited ? "forfeited" : "disqualified")} → replaced")
                .ToList();
            var (phone, text) = current switch
            {
                null => (Mask(winner), "Awaiting claim"),
                { Status: AwardStatus.Claimed } => (Mask(current.EntryId), "Claimed"),
                { Status: AwardStatus.Selected or AwardStatus.Notified } => (Mask(current.EntryId), "Awaiting claim"),
                _ => (Mask(current.EntryId), current.Status == AwardStatus.Forfeited ? "Forfeited — no alternate left" : "Disqualified — no alternate left"),
            };
            return new ResultSlot(i + 1, phone, text, history);
        }).ToList();
        var alternates = draw.Alternates.Select((id, i) =>
            awards.FirstOrDefault(a => a.AlternateIndex == i) is { } promoted ? $"{Mask(id)} · promoted to winner {promoted.Slot}" : Mask(id)).ToList();
        return new ResultsView(contest, draw, slots, alternates);
    }
}
