using System.Text.Json;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Contestlet.Web.Data.Configurations;

internal sealed class DrawRecordConfiguration : IEntityTypeConfiguration<DrawRecord>
{
    // Winners and alternates as a JSON array ("[12,42,64]"): at most a few hundred ids, always read whole, readable in any SQL console.
    private static readonly ValueConverter<IReadOnlyList<long>, string> IdListConverter = new(ids => ToJson(ids), json => FromJson(json));

    private static readonly ValueComparer<IReadOnlyList<long>> IdListComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        ids => ids.Aggregate(0, (hash, id) => HashCode.Combine(hash, id)),
        ids => ids.ToArray());

    public void Configure(EntityTypeBuilder<DrawRecord> builder)
    {
        builder.ToTable("draws");
        builder.HasKey(d => d.Id);

        // One draw per contest, whatever the double-clicks, retries or app instances: the second insert fails here.
        builder.HasIndex(d => d.ContestId).IsUnique();
        builder.HasOne<Contest>().WithMany().HasForeignKey(d => d.ContestId).OnDelete(DeleteBehavior.Cascade);

        builder.Property(d => d.Algorithm).HasMaxLength(DrawRecord.AlgorithmMaxLength).IsRequired();
        builder.Property(d => d.Seed).HasMaxLength(DrawRecord.HexLength).IsRequired();
        builder.Property(d => d.SeedCommitment).HasMaxLength(DrawRecord.HexLength).IsRequired();
        builder.Property(d => d.EntryListHash).HasMaxLength(DrawRecord.HexLength).IsRequired();
        builder.Property(d => d.DrawnBy).HasMaxLength(DrawRecord.DrawnByMaxLength).IsRequired();
        builder.Property(d => d.Winners).HasConversion(IdListConverter, IdListComparer).IsRequired();
        builder.Property(d => d.Alternates).HasConversion(IdListConverter, IdListComparer).IsRequired();
    }

    private static string ToJson(IReadOnlyList<long> ids) => JsonSerializer.Serialize(ids);

    private static long[] FromJson(string json) => JsonSerializer.Deserialize<long[]>(json) ?? [];
}
