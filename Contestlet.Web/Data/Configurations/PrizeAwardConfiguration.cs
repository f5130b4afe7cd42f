using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Winners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class PrizeAwardConfiguration : IEntityTypeConfiguration<PrizeAward>
{
    public void Configure(EntityTypeBuilder<PrizeAward> builder)
    {
        builder.ToTable("prize_awards");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(a => a.ClaimTokenHash).HasMaxLength(PrizeAward.TokenHashLength);
        builder.Property(a => a.ProtectedClaimToken).HasMaxLength(PrizeAward.ProtectedTokenMaxLength);
        builder.Property(a => a.ClaimedName).HasMaxLength(PrizeAward.NameMaxLength);
        builder.Property(a => a.ClaimedEmail).HasMaxLength(PrizeAward.EmailMaxLength);
        builder.Property(a => a.Reason).HasMaxLength(PrizeAward.ReasonMaxLength);
        builder.Property(a => a.Version).IsConcurrencyToken();

        // No entry holds two slots: two promotions racing for the same alternate cannot both commit.
        builder.HasIndex(a => new { a.ContestId, a.EntryId }).IsUnique();
        builder.HasIndex(a => new { a.ContestId, a.Slot });
        builder.HasIndex(a => a.ClaimTokenHash).IsUnique();

        // The forfeiture job's scan.
        builder.HasIndex(a => new { a.Status, a.ClaimDeadline });

        builder.HasOne<Contest>().WithMany().HasForeignKey(a => a.ContestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DrawRecord>().WithMany().HasForeignKey(a => a.DrawId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entry>().WithMany().HasForeignKey(a => a.EntryId).OnDelete(DeleteBehavior.Restrict);
    }
}
