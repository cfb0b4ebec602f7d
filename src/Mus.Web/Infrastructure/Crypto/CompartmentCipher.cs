using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Mus.Web.Infrastructure.Crypto;

/// <summary>
/// Seals and opens compartment content with AES-256-GCM. Each compartment has its own random data
/// key, stored wrapped (AES-256-GCM again) under the key-encryption key. The associated data binds a
/// ciphertext to its conversation, compartment and version, and a wrapped key to its conversation
/// and compartment, so a ciphertext moved to another row, or an altered one, does not open.
/// </summary>
public sealed class CompartmentCipher(IDataProtectionProvider dataProtection)
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly IDataProtector protector = dataProtection.CreateProtector("Mus.KeyEncryptionKey.v1");
    private byte[]? keyEncryptionKey;

    public bool IsReady => keyEncryptionKey is not null;

    /// <summary>Reads the key-encryption key, creating it on first start. Safe when several instances start at once.</summary>
    public async Task LoadAsync(AppDbContext db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var stored = await db.KeyEncryptionKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == KeyEncryptionKey.CurrentId, cancellationToken);
        if (stored is null)
        {
            db.KeyEncryptionKeys.Add(new KeyEncryptionKey
            {
                Id = KeyEncryptionKey.CurrentId,
                Protected = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize))),
                CreatedAt = time.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance created it first: use theirs.
                db.ChangeTracker.Clear();
            }

            stored = await db.KeyEncryptionKeys.AsNoTracking().SingleAsync(k => k.Id == KeyEncryptionKey.CurrentId, cancellationToken);
        }

        keyEncryptionKey = Convert.FromBase64String(protector.Unprotect(stored.Protected));
    }

    /// <summary>A new random data key for a compartment, wrapped for storage.</summary>
    public byte[] NewWrappedKey(int conversationId, PartKind kind) =>
        Encrypt(Kek, RandomNumberGenerator.GetBytes(KeySize), KeyContext(conversationId, kind));

    public byte[] Seal(string content, byte[] wrappedKey, int conversationId, PartKind kind, long version)
    {
        var dataKey = Decrypt(Kek, wrappedKey, KeyContext(conversationId, kind));
        try
        {
            return Encrypt(dataKey, Encoding.UTF8.GetBytes(content), ContentContext(conversationId, kind, version));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Opens sealed content; throws <see cref="CryptographicException"/> when it was altered, moved or its key is not its own.</summary>
    public string Open(byte[] sealedContent, byte[] wrappedKey, int conversationId, PartKind kind, long version)
    {
        var dataKey = Decrypt(Kek, wrappedKey, KeyContext(conversationId, kind));
        try
        {
            return Encoding.UTF8.GetString(Decrypt(dataKey, sealedContent, ContentContext(conversationId, kind, version)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Seals a small secret that is not conversation content (an authenticator key) directly under
    /// the key-encryption key, bound to <paramref name="context"/> (e.g. the account's id) so that it
    /// does not open anywhere else.
    /// </summary>
    public string SealSecret(string secret, string context) =>
        SecretPrefix + Convert.ToBase64String(Encrypt(Kek, Encoding.UTF8.GetBytes(secret), SecretContext(context)));

    /// <summary>Opens what <see cref="SealSecret"/> sealed; null when it is not sealed, altered or moved.</summary>
    public string? OpenSecret(string? sealedSecret, string context)
    {
        if (sealedSecret is null || !sealedSecret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Decrypt(Kek, Convert.FromBase64String(sealedSecret[SecretPrefix.Length..]), SecretContext(context)));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Seals bytes that must leave MUS unchanged later (a journal delivery's body, kept for its retries)
    /// directly under the key-encryption key, bound to <paramref name="context"/>.
    /// </summary>
    public byte[] SealBytes(byte[] plaintext, string context) => Encrypt(Kek, plaintext, SecretContext(context));

    /// <summary>Opens what <see cref="SealBytes"/> sealed; null when it was altered or moved.</summary>
    public byte[]? OpenBytes(byte[] sealedBytes, string context)
    {
        try
        {
            return Decrypt(Kek, sealedBytes, SecretContext(context));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Seals a compartment's countable answers (see <c>Pages/Statistics</c>) directly under the
    /// key-encryption key, bound to the conversation and compartment: a report opens tens of thousands
    /// at once, which one key makes cheap, and the row is destroyed with its compartment, not by its key.
    /// </summary>
    public byte[] SealFigures(byte[] figures, int conversationId, PartKind kind) => Encrypt(Kek, figures, FiguresContext(conversationId, kind));

    /// <summary>Opens many sealed figures with one cipher (not thread-safe: one per report).</summary>
    public FiguresOpener OpenFigures() => new(Kek);

    public sealed class FiguresOpener(byte[] keyEncryptionKey) : IDisposable
    {
        private readonly AesGcm aes = new(keyEncryptionKey, TagSize);

        /// <summary>The figures, or null when they were altered or moved (they are then not counted).</summary>
        public byte[]? Open(byte[] sealedFigures, int conversationId, PartKind kind)
        {
            if (sealedFigures.Length < NonceSize + TagSize)
            {
                return null;
            }

            var plaintext = new byte[sealedFigures.Length - NonceSize - TagSize];
            try
            {
                aes.Decrypt(sealedFigures.AsSpan(0, NonceSize), sealedFigures.AsSpan(NonceSize + TagSize), sealedFigures.AsSpan(NonceSize, TagSize), plaintext, FiguresContext(conversationId, kind));
                return plaintext;
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        public void Dispose() => aes.Dispose();
    }

    private static byte[] FiguresContext(int conversationId, PartKind kind) => Encoding.UTF8.GetBytes($"mus/figures/{conversationId}/{kind}");

    private const string SecretPrefix = "sealed1:";

    private static byte[] SecretContext(string context) => Encoding.UTF8.GetBytes($"mus/secret/{context}");

    private byte[] Kek => keyEncryptionKey ?? throw new InvalidOperationException("The key-encryption key is loaded at start-up (MigrateDatabaseAsync) before content is read or written.");

    private static byte[] KeyContext(int conversationId, PartKind kind) => Encoding.UTF8.GetBytes($"mus/data-key/{conversationId}/{kind}");

    private static byte[] ContentContext(int conversationId, PartKind kind, long version) => Encoding.UTF8.GetBytes($"mus/content/{conversationId}/{kind}/{version}");

    // Layout: nonce (12) | tag (16) | ciphertext.
    private static byte[] Encrypt(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), associatedData);
        return output;
    }

    private static byte[] Decrypt(byte[] key, byte[] sealedBytes, byte[] associatedData)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed value is too short.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plaintext, associatedData);
        return plaintext;
    }
}
