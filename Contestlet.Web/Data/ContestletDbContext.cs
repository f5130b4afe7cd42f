using Contestlet.Domain.Admins;
using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Fraud;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.SignIn;
using Contestlet.Domain.Winners;
using Contestlet.Web.Infrastructure.Limits;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Data;

/// <summary>
/// The model, shared by both providers. Each provider has its own subclass and migrations folder
/// (docs/decisions/002-two-database-providers.md); feature services use <see cref="IDbContextFactory{TContext}"/>
/// of this base type and never know which one runs.
/// </summary>
public abstract class ContestletDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Contest> Contests => Set<Contest>();
    public DbSet<Entry> Entries => Set<Entry>();
    public DbSet<AdminProfile> AdminProfiles => Set<AdminProfile>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<DrawRecord> Draws => Set<DrawRecord>();
    public DbSet<DrawEntryList> DrawEntryLists => Set<DrawEntryList>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<SmsOptOut> SmsOptOuts => Set<SmsOptOut>();
    public DbSet<PrizeAward> PrizeAwards => Set<PrizeAward>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SignInChallenge> SignInChallenges => Set<SignInChallenge>();
    public DbSet<SendLedgerEntry> SendLedger => Set<SendLedgerEntry>();
    public DbSet<SendCounter> SendCounters => Set<SendCounter>();
    public DbSet<SmsRecord> SmsRecords => Set<SmsRecord>();
    public DbSet<EntrySignal> EntrySignals => Set<EntrySignal>();
    public DbSet<FraudScanMark> FraudScanMarks => Set<FraudScanMark>();
    public DbSet<Features.Admin.Contests.EntryRollup> EntryRollups => Set<Features.Admin.Contests.EntryRollup>();
    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();
    public DbSet<SmsConversation> SmsConversations => Set<SmsConversation>();
    public DbSet<SmsContact> SmsContacts => Set<SmsContact>();
    public DbSet<Features.Images.ImageRendition> ImageRenditions => Set<Features.Images.ImageRendition>();

    public abstract DatabaseKind Kind { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContestletDbContext).Assembly);
}

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}
