using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class SmsOptOutConfiguration : IEntityTypeConfiguration<SmsOptOut>
{
    public void Configure(EntityTypeBuilder<SmsOptOut> builder)
    {
        builder.ToTable("sms_opt_outs");
        builder.HasKey(o => o.PhoneE164);
        builder.Property(o => o.PhoneE164).HasMaxLength(PhoneNumber.MaxLength);
    }
}
