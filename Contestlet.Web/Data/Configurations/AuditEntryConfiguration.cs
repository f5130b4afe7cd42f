using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(AuditEntry.ActionMaxLength);
        builder.Property(a => a.Actor).HasMaxLength(PhoneNumber.MaxLength).IsRequired();
        builder.Property(a => a.ActorName).HasMaxLength(AuditEntry.ActorNameMaxLength);
        builder.Property(a => a.ContestName).HasMaxLength(Contest.NameMaxLength);
        builder.Property(a => a.Detail).HasMaxLength(AuditEntry.DetailMaxLength);
        builder.Ignore(a => a.ShownActor);
        builder.Ignore(a => a.ShownAction);

        // No foreign key to contests on purpose: the log must outlive a purged contest.
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.ContestId);
    }
}
