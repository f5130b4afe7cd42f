using Contestlet.Web.Infrastructure.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class SendCounterConfiguration : IEntityTypeConfiguration<SendCounter>
{
    public void Configure(EntityTypeBuilder<SendCounter> builder)
    {
        // SendLedger raises these rows with hand-written SQL (an upsert with RETURNING): keep the names in step.
        builder.ToTable(SendLedger.CounterTable);
        builder.HasKey(c => new { c.Scope, c.Bucket });
        builder.Property(c => c.Scope).HasMaxLength(SendLedgerEntry.ScopeMaxLength);
        builder.Property(c => c.Bucket).HasMaxLength(SendCounter.BucketMaxLength);
    }
}
