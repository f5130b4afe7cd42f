using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

/// <summary>
/// A table of its own rather than a column of draws: the text can run to megabytes at a million entries, and the draw
/// record is read on every results page, which never needs it.
/// </summary>
internal sealed class DrawEntryListConfiguration : IEntityTypeConfiguration<DrawEntryList>
{
    public void Configure(EntityTypeBuilder<DrawEntryList> builder)
    {
        builder.ToTable("draw_entry_lists");
        builder.HasKey(l => l.ContestId);
        builder.Property(l => l.ContestId).ValueGeneratedNever();
        builder.HasOne<Contest>().WithMany().HasForeignKey(l => l.ContestId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(l => l.Text).IsRequired();
    }
}
