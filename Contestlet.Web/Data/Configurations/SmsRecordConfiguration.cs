using Contestlet.Domain.Phones;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class SmsRecordConfiguration : IEntityTypeConfiguration<SmsRecord>
{
    public void Configure(EntityTypeBuilder<SmsRecord> builder)
    {
        builder.ToTable("sms_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ToE164).HasMaxLength(PhoneNumber.MaxLength).IsRequired();
        builder.Property(r => r.Body).HasMaxLength(SmsRecord.BodyMaxLength);
        builder.Property(r => r.Transport).HasMaxLength(SmsRecord.TransportMaxLength).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Reason).HasMaxLength(SmsRecord.ReasonMaxLength);
        builder.HasIndex(r => new { r.Transport, r.Id });
    }
}
