using Contestlet.Domain.Phones;
using Contestlet.Domain.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contestlet.Web.Data.Configurations;

internal sealed class SignInChallengeConfiguration : IEntityTypeConfiguration<SignInChallenge>
{
    public void Configure(EntityTypeBuilder<SignInChallenge> builder)
    {
        builder.ToTable("sign_in_challenges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.PhoneE164).HasMaxLength(PhoneNumber.MaxLength).IsRequired();
        builder.Property(c => c.CodeHash).HasMaxLength(SignInCodeHasher.HashLength).IsRequired();

        // Two tries at once (two tabs, two instances) cannot both count or both sign in: the second update misses.
        builder.Property(c => c.Version).IsConcurrencyToken();

        builder.HasIndex(c => new { c.PhoneE164, c.IssuedAt });
        builder.Ignore(c => c.Phone);
        builder.Ignore(c => c.AttemptsLeft);
    }
}
