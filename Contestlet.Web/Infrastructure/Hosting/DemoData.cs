using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// Development demo data, written only into an empty database: contests in every state a developer needs to see
/// (active, upcoming, ended with entries, a draft) across several time zones.
/// </summary>
public sealed class DemoData(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IDrawSeedVault seeds, ILogger<DemoData> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Contests.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        var margarita = Published(Contest.Create(Details(
                "Margarita Monday at Casa Azul",
                "Enter tonight for a chance at a margarita pitcher and chips for your table. Winners are drawn after close.",
                "Casa Azul Cantina", "Pitcher of margaritas and chips for four", 60m, winners: 3, image: "margarita",
                messages: new MessageTemplates { EntryConfirmation = "You're in for {contest_name}! Winners are drawn {end_time}." }),
            new ContestSchedule(now.AddHours(-2), now.AddHours(5), "America/Los_Angeles"), now.AddDays(-1)), now.AddDays(-1));

        var radio = Published(Contest.Create(Details(
                "KZTR Morning Drive: Text to Win",
                "Listen for the code word and enter for two tickets to Saturday's show at the Garden.",
                "KZTR 101.5 FM", "Two tickets to Saturday's show", 240m, winners: 2, image: "radio",
                eligibility: new Eligibility { Scope = RegionScope.ListedStates, States = ["NY", "NJ", "CT"], TotalEntryCap = 500 },
                keyword: "WIN"),
            new ContestSchedule(now.AddHours(-1), now.AddDays(2), "America/New_York"), now.AddDays(-2)), now.AddDays(-2));

        var opening = Published(Contest.Create(Details(
                "Grand Opening Giveaway: Sunrise Books",
                "Celebrate our new Tempe store. One lucky reader wins a $250 gift card; ten more win tote bags.",
                "Sunrise Books", "$250 gift card", 250m, winners: 1, image: "books",
                eligibility: new Eligibility { Frequency = EntryFrequency.OncePerDay }),
            new ContestSchedule(now.AddDays(3), now.AddDays(10), "America/Phoenix"), now.AddDays(-1)), now.AddDays(-1));

        var surf = Published(Contest.Create(Details(
                "Summer Surf Pass",
                "A season pass for Bondi's surf school, drawn when entries close.",
                "Bondi Surf Co.", "Season surf pass", 480m, winners: 1, image: "surf"),
            new ContestSchedule(now.AddDays(-8), now.AddDays(-1), "Australia/Sydney"), now.AddDays(-10)), now.AddDays(-10));

        var sneakers = Published(Contest.Create(Details(
                "Sneaker Drop: First 3 Entries",
                "Only three entries were taken for this limited drop, and they are all in. Watch for the next one.",
                "Kickback Sneakers", "Limited-edition sneakers", 180m, winners: 1, image: "radio",
                eligibility: new Eligibility { TotalEntryCap = 3 }),
            new ContestSchedule(now.AddHours(-3), now.AddDays(1), "America/Chicago"), now.AddDays(-1)), now.AddDays(-1));

        var draft = Contest.Create(Details(
                "Taco Tuesday (draft)", "Not published yet.", "Casa Azul Cantina", "Taco platter", 40m, winners: 1, image: "margarita"),
            new ContestSchedule(now.AddDays(7), now.AddDays(8), "America/Chicago"), now);

        db.Contests.AddRange(margarita, radio, opening, surf, sneakers, draft);
        await db.SaveChangesAsync(cancellationToken);

        // The ended contest has people in it, entered while it was open.
        var entries = Enumerable.Range(0, 25).Select(i => surf.Admit(
            PhoneNumber.FromE164($"+1555010{i:0000}"), new EntryRequest(null, true), surf.Schedule.StartsAt.AddHours(3 + (i * 5))));
        db.Entries.AddRange(entries);
        db.Entries.AddRange(Enumerable.Range(0, 3).Select(i => sneakers.Admit(
            PhoneNumber.FromE164($"+1555020{i:0000}"), new EntryRequest(null, true), now.AddHours(-2))));

        // One surfer replied STOP: messages to the contest skip and count them.
        db.SmsOptOuts.Add(SmsOptOut.For(PhoneNumber.FromE164("+15550100007"), now.AddDays(-2)));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo data: {ContestCount} contests", 6);
    }

    private Contest Published(Contest contest, DateTimeOffset at)
    {
        contest.Publish(at, seeds);
        return contest;
    }

    private static ContestDetails Details(string name, string description, string sponsor, string prize, decimal value, int winners,
        string image, Eligibility? eligibility = null, MessageTemplates? messages = null, string? keyword = null) => new()
        {
            Name = name,
            Description = description,
            SponsorName = sponsor,
            ImageUrl = $"/img/demo/{image}.svg",
            Prize = new Prize { Description = prize, ValueUsd = value, WinnerCount = winners, AlternateCount = 2 },
            Eligibility = eligibility ?? new Eligibility(),
            Messages = messages ?? new MessageTemplates(),
            Rules = new OfficialRules { SponsorLegalName = sponsor + " LLC" },
            Keyword = keyword,
        };
}
