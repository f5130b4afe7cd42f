using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class EntryConfiguration : IEntityTypeConfiguration<Entry>
{
    public void Configure(EntityTypeBuilder<Entry> builder)
    {
        builder.ToTable("entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.PhoneE164).HasMaxLength(PhoneNumber.MaxLength).IsRequired();
        builder.Property(e => e.State).HasMaxLength(2);
        builder.Property(e => e.PeriodKey).HasMaxLength(Entry.PeriodKeyMaxLength).IsRequired();
        builder.Property(e => e.Reference).HasMaxLength(Entry.ReferenceLength).IsRequired();
        builder.Property(e => e.DisqualificationReason).HasMaxLength(Entry.DisqualificationReasonMaxLength);
        builder.Property(e => e.PhoneLast4).HasMaxLength(4).IsRequired();
        builder.Property(e => e.NetworkPrefix).HasMaxLength(EntryOrigin.NetworkPrefixMaxLength);
        builder.Property(e => e.BrowserId).HasMaxLength(EntryOrigin.BrowserIdMaxLength);

        // Stored by name like the other enums; the AddEntrySource migrations give existing rows "Web" (they came through the form).
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(8);

        // The per-person limit, enforced by the database whatever the concurrency.
        builder.HasIndex(e => new { e.ContestId, e.PhoneE164, e.PeriodKey }).IsUnique();
        builder.HasIndex(e => e.Reference).IsUnique();
        builder.HasIndex(e => e.PhoneE164);

        // Within one contest: the admin's search by last four digits in the grid's order, the grid's order, and the id order
        // the CSV export and the draw read. Each gives its query's order outright, so none walks or sorts a whole contest
        // (SQLite has no statistics to choose otherwise; bench/README.md has the figures at a million entries).
        builder.HasIndex(e => new { e.ContestId, e.PhoneLast4, e.EnteredAt });
        builder.HasIndex(e => new { e.ContestId, e.EnteredAt });
        builder.HasIndex(e => new { e.ContestId, e.Id });

        // Fraud review (FraudReview): one network's entries in a time window, and one browser's entries, within a contest.
        builder.HasIndex(e => new { e.ContestId, e.NetworkPrefix, e.EnteredAt });
        builder.HasIndex(e => new { e.ContestId, e.BrowserId });

        // A prefix of the search index above, kept only so that migration stays expand-only (ADR 008); drop it in a
        // contract migration once no running release was built before IndexEntriesForAdminQueries.
        builder.HasIndex(e => new { e.ContestId, e.PhoneLast4 });

        builder.HasOne<Contest>().WithMany().HasForeignKey(e => e.ContestId).OnDelete(DeleteBehavior.Cascade);
    }
}
