using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class ContestConfiguration : IEntityTypeConfiguration<Contest>
{
    public void Configure(EntityTypeBuilder<Contest> builder)
    {
        builder.ToTable("contests");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Code).HasMaxLength(ContestCode.MaxLength).IsRequired();
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(Contest.NameMaxLength).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(Contest.DescriptionMaxLength).IsRequired();
        builder.Property(c => c.ImageUrl).HasMaxLength(Contest.UrlMaxLength);
        builder.Property(c => c.HeroImageHash).HasMaxLength(HeroImage.HashLength);
        builder.Ignore(c => c.HeroImage);
        builder.Property(c => c.SponsorName).HasMaxLength(Contest.SponsorNameMaxLength).IsRequired();
        builder.Property(c => c.SponsorUrl).HasMaxLength(Contest.UrlMaxLength);
        builder.Property(c => c.SeedCommitment).HasMaxLength(Contest.SeedCommitmentLength);
        builder.Property(c => c.CancellationReason).HasMaxLength(Contest.CancellationReasonMaxLength);
        builder.Property(c => c.ImportedExtrasJson);

        // A keyword belongs to one live contest at a time: the domain sets KeywordClaim while the contest holds it, and this
        // index refuses a second holder whatever the concurrency (docs/decisions/014-text-to-win.md). NULLs never clash.
        builder.Property(c => c.Keyword).HasMaxLength(SmsKeyword.MaxLength);
        builder.Property(c => c.KeywordClaim).HasMaxLength(SmsKeyword.MaxLength);
        builder.HasIndex(c => c.KeywordClaim).IsUnique();
        builder.HasIndex(c => c.Keyword);

        // Admin edits and deletion are decided on the entry count they read; an entry landing in between makes the
        // save fail instead of, say, moving the start of a contest that has just been entered.
        builder.Property(c => c.EntryCount).IsConcurrencyToken();

        // The admin grid sorts by these and pages through 10,000+ contests; the trash and the purge job look up DeletedAt.
        builder.HasIndex(c => c.Name);
        builder.HasIndex(c => c.EntryCount);
        // Partial: nearly every row has DeletedAt NULL, and a full index on it lures SQLite's planner away from the sort
        // indexes above. Only the trash and the purge job look for deleted rows. Same SQL on both providers.
        builder.HasIndex(c => c.DeletedAt).HasFilter("\"DeletedAt\" IS NOT NULL");

        // Deleted contests are in the trash: invisible to every query unless a feature asks for them explicitly.
        builder.HasQueryFilter(c => c.DeletedAt == null);

        builder.ComplexProperty(c => c.Schedule, schedule =>
        {
            schedule.Property(s => s.StartsAt).HasColumnName("StartsAt");
            schedule.Property(s => s.EndsAt).HasColumnName("EndsAt");
            schedule.Property(s => s.TimeZoneId).HasColumnName("TimeZoneId").HasMaxLength(TimeZones.IdMaxLength).IsRequired();
        });

        // EF Core 10 cannot index a complex property's column, so IX_contests_StartsAt and IX_contests_EndsAt are
        // created by hand in the AdminContestLifecycle migrations (docs/decisions/010-admin-contest-lifecycle.md).

        builder.ComplexProperty(c => c.Prize, prize =>
        {
            prize.Property(p => p.Description).HasColumnName("PrizeDescription").HasMaxLength(Prize.DescriptionMaxLength).IsRequired();
            prize.Property(p => p.ValueUsd).HasColumnName("PrizeValueUsd").HasPrecision(12, 2);
            prize.Property(p => p.WinnerCount).HasColumnName("WinnerCount");
            prize.Property(p => p.AlternateCount).HasColumnName("AlternateCount");
        });

        builder.ComplexProperty(c => c.Eligibility, eligibility =>
        {
            eligibility.Property(e => e.MinimumAge).HasColumnName("MinimumAge");
            eligibility.Property(e => e.Scope).HasColumnName("RegionScope").HasConversion<string>().HasMaxLength(16);
            eligibility.Property(e => e.States).HasColumnName("States").HasMaxLength(200)
                .HasConversion(
                    states => string.Join(',', states),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries),
                    new ValueComparer<IReadOnlyList<string>>(
                        (a, b) => a!.SequenceEqual(b!),
                        list => list.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.GetHashCode(StringComparison.Ordinal))),
                        list => list.ToArray()));
            eligibility.Property(e => e.CustomText).HasColumnName("EligibilityCustomText").HasMaxLength(Eligibility.CustomTextMaxLength);
            eligibility.Property(e => e.Frequency).HasColumnName("EntryFrequency").HasConversion<string>().HasMaxLength(16);
            eligibility.Property(e => e.TotalEntryCap).HasColumnName("TotalEntryCap");
        });

        builder.ComplexProperty(c => c.Rules, rules =>
        {
            rules.Property(r => r.SponsorLegalName).HasColumnName("RulesSponsorLegalName").HasMaxLength(Contest.SponsorNameMaxLength);
            rules.Property(r => r.EligibilityText).HasColumnName("RulesEligibilityText").HasMaxLength(OfficialRules.TextMaxLength);
            rules.Property(r => r.TermsUrl).HasColumnName("RulesTermsUrl").HasMaxLength(Contest.UrlMaxLength);
        });

        builder.ComplexProperty(c => c.Messages, messages =>
        {
            messages.Property(m => m.EntryConfirmation).HasColumnName("SmsEntryConfirmation").HasMaxLength(MessageTemplates.MaxLength);
            messages.Property(m => m.Winner).HasColumnName("SmsWinner").HasMaxLength(MessageTemplates.MaxLength);
            messages.Property(m => m.NonWinner).HasColumnName("SmsNonWinner").HasMaxLength(MessageTemplates.MaxLength);
            messages.Property(m => m.Reminder).HasColumnName("SmsReminder").HasMaxLength(MessageTemplates.MaxLength);
        });
    }
}
