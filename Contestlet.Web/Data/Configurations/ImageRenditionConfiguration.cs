using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Images;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class ImageRenditionConfiguration : IEntityTypeConfiguration<ImageRendition>
{
    public void Configure(EntityTypeBuilder<ImageRendition> builder)
    {
        builder.ToTable("image_renditions");
        builder.HasKey(r => new { r.Hash, r.Width });
        builder.Property(r => r.Hash).HasMaxLength(HeroImage.HashLength);
        builder.Property(r => r.Content).IsRequired();
    }
}
