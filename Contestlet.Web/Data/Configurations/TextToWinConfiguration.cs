using Contestlet.Domain.Contests;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("sms_inbound");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.MessageSid).HasMaxLength(InboundMessage.MessageSidMaxLength).IsRequired();
        builder.Property(m => m.From).HasMaxLength(InboundMessage.FromMaxLength).IsRequired();
        builder.Property(m => m.Body).HasMaxLength(InboundMessage.BodyMaxLength).IsRequired();
        builder.Property(m => m.Outcome).HasMaxLength(InboundMessage.OutcomeMaxLength);

        // Twilio retries a webhook it got no answer to with the same MessageSid: the second insert fails here.
        builder.HasIndex(m => m.MessageSid).IsUnique();
        builder.HasIndex(m => new { m.From, m.ReceivedAt });
    }
}

internal sealed class SmsConversationConfiguration : IEntityTypeConfiguration<SmsConversation>
{
    public void Configure(EntityTypeBuilder<SmsConversation> builder)
    {
        builder.ToTable("sms_conversations");

        // One exchange per number at a time: a new keyword replaces the old question.
        builder.HasKey(c => c.PhoneE164);
        builder.Property(c => c.PhoneE164).HasMaxLength(PhoneNumber.MaxLength);
        builder.Property(c => c.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.State).HasMaxLength(2);
        builder.HasOne<Contest>().WithMany().HasForeignKey(c => c.ContestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SmsContactConfiguration : IEntityTypeConfiguration<SmsContact>
{
    public void Configure(EntityTypeBuilder<SmsContact> builder)
    {
        builder.ToTable("sms_contacts");
        builder.HasKey(c => c.PhoneE164);
        builder.Property(c => c.PhoneE164).HasMaxLength(PhoneNumber.MaxLength);
    }
}
