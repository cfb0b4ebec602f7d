using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Web.Data;

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> throttle)
    {
        throttle.HasKey(t => t.Key);
        throttle.Property(t => t.Key).HasMaxLength(SignInThrottle.KeyLength);
        throttle.HasIndex(t => t.LastFailureAt);
    }
}
