using Contestlet.Domain.Contests;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Type).HasConversion<string>().HasMaxLength(24);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.ToE164).HasMaxLength(PhoneNumber.MaxLength).IsRequired();
        builder.Property(n => n.Body).HasMaxLength(Notification.BodyMaxLength).IsRequired();
        builder.Property(n => n.LockedBy).HasMaxLength(Notification.ActorMaxLength);
        builder.Property(n => n.ProviderMessageId).HasMaxLength(Notification.ProviderIdMaxLength);
        builder.Property(n => n.ErrorCode).HasMaxLength(16);
        builder.Property(n => n.Error).HasMaxLength(Notification.ErrorMaxLength);
        builder.Property(n => n.CreatedBy).HasMaxLength(Notification.ActorMaxLength).IsRequired();

        // The worker's query: what is due, oldest first.
        builder.HasIndex(n => new { n.Status, n.NextAttemptAt });
        builder.HasIndex(n => n.ProviderMessageId);
        builder.HasIndex(n => new { n.ContestId, n.Type });

        // The contest hub's SMS funnel: counts per status within one contest, from the index alone.
        builder.HasIndex(n => new { n.ContestId, n.Status });

        // The dashboard's delivered/failed trend: counts per status and day, from the index alone.
        builder.HasIndex(n => new { n.Status, n.UpdatedAt });

        // Purging a contest from the trash removes its notifications with it.
        builder.HasOne<Contest>().WithMany().HasForeignKey(n => n.ContestId).OnDelete(DeleteBehavior.Cascade);
    }
}
