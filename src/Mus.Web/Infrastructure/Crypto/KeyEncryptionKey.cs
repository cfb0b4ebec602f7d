namespace Mus.Web.Infrastructure.Crypto;

/// <summary>
/// The key that wraps every compartment's data key, stored protected by ASP.NET Core Data
/// Protection (whose key ring is in the database, itself protected at rest). There is one row;
/// destroying data keys, not this key, is how content is shredded.
/// </summary>
public class KeyEncryptionKey
{
    public const int CurrentId = 1;

    public int Id { get; set; }

    /// <summary>The 256-bit key, protected by Data Protection.</summary>
    public required string Protected { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
