using Contestlet.Web.Infrastructure.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class SendLedgerEntryConfiguration : IEntityTypeConfiguration<SendLedgerEntry>
{
    public void Configure(EntityTypeBuilder<SendLedgerEntry> builder)
    {
        builder.ToTable("send_ledger");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Scope).HasMaxLength(SendLedgerEntry.ScopeMaxLength).IsRequired();
        builder.Property(e => e.Key).HasMaxLength(SendLedgerEntry.KeyMaxLength).IsRequired();

        // The limit's guard: one send per sequence number per key, whatever the number of app instances.
        builder.HasIndex(e => new { e.Scope, e.Key, e.Sequence }).IsUnique();
    }
}
