using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Admin.Contests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class EntryRollupConfiguration : IEntityTypeConfiguration<EntryRollup>
{
    public void Configure(EntityTypeBuilder<EntryRollup> builder)
    {
        builder.ToTable("entry_rollups");
        builder.HasKey(r => new { r.ContestId, r.SlotStart, r.Source, r.State });

        // The dashboard's entries per day across contests: the last two weeks of slots.
        builder.HasIndex(r => r.SlotStart);
        builder.Property(r => r.State).HasMaxLength(2);
        builder.HasOne<Contest>().WithMany().HasForeignKey(r => r.ContestId).OnDelete(DeleteBehavior.Cascade);
    }
}
