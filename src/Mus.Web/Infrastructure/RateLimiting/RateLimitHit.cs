using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mus.Web.Infrastructure.RateLimiting;

/// <summary>
/// One request a shared limit let through, kept for the length of its window. The key is a hash of the
/// limit and its partition (a client's address, an API client), so the table holds neither.
/// </summary>
public class RateLimitHit
{
    public const int KeyLength = 64;

    public long Id { get; set; }

    public required string Key { get; set; }

    /// <summary>Unix time in milliseconds: a number both databases compare and subtract alike.</summary>
    public long At { get; set; }
}

internal sealed class RateLimitHitConfiguration : IEntityTypeConfiguration<RateLimitHit>
{
    public void Configure(EntityTypeBuilder<RateLimitHit> hit)
    {
        hit.Property(h => h.Key).HasMaxLength(RateLimitHit.KeyLength);
        // A limit's question: how many of this key's hits are in the window, and the oldest?
        hit.HasIndex(h => new { h.Key, h.At });
        // The sweep of hits whose window has passed, whatever their key.
        hit.HasIndex(h => h.At);
    }
}
