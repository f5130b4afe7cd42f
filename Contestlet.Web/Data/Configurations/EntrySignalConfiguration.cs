using Contestlet.Domain.Entries;
using Contestlet.Domain.Fraud;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class EntrySignalConfiguration : IEntityTypeConfiguration<EntrySignal>
{
    public void Configure(EntityTypeBuilder<EntrySignal> builder)
    {
        builder.ToTable("entry_signals");
        builder.HasKey(s => new { s.EntryId, s.Signal });
        builder.Property(s => s.Detail).HasMaxLength(EntrySignal.DetailMaxLength).IsRequired();

        // The flagged filter and the draw page's count read one contest's signals, never the contest's entries.
        builder.HasIndex(s => new { s.ContestId, s.EntryId });
        builder.HasOne<Entry>().WithMany().HasForeignKey(s => s.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FraudScanMarkConfiguration : IEntityTypeConfiguration<FraudScanMark>
{
    public void Configure(EntityTypeBuilder<FraudScanMark> builder)
    {
        builder.ToTable("fraud_scan_marks");
        builder.HasKey(m => m.ContestId);
        builder.Property(m => m.ContestId).ValueGeneratedNever();

        // Two passes over the same batch: the second one's save fails, so the rollup never counts a batch twice.
        builder.Property(m => m.ScannedThroughEntryId).IsConcurrencyToken();
        builder.HasOne<Domain.Contests.Contest>().WithMany().HasForeignKey(m => m.ContestId).OnDelete(DeleteBehavior.Cascade);
    }
}
