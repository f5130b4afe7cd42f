using Contestlet.Domain.Admins;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class AdminProfileConfiguration : IEntityTypeConfiguration<AdminProfile>
{
    public void Configure(EntityTypeBuilder<AdminProfile> builder)
    {
        builder.ToTable("admin_profiles");
        builder.HasKey(p => p.PhoneE164);
        builder.Property(p => p.PhoneE164).HasMaxLength(PhoneNumber.MaxLength);
        builder.Property(p => p.DisplayName).HasMaxLength(AdminProfile.DisplayNameMaxLength);
        builder.Property(p => p.TimeZoneId).HasMaxLength(TimeZones.IdMaxLength).IsRequired();
        builder.Ignore(p => p.ShownName);
    }
}
