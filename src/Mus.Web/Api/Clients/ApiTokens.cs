using System.Security.Cryptography;
using System.Text;

namespace Mus.Web.Api.Clients;

/// <summary>
/// Tokens look like <c>mus_17_3q2…</c>: the client's id, so the one row is found without scanning, and
/// 256 random bits, of which only the SHA-256 is stored.
/// </summary>
public static class ApiTokens
{
    private const string Prefix = "mus_";

    public static (string Token, string SecretHash) New(int clientId)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (Prefix + clientId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + secret, Hash(secret));
    }

    /// <summary>
    /// Makes a client and its token, in one transaction: the id is part of the token, so the row is
    /// saved first with a hash no secret has, then given its token's.
    /// </summary>
    public static async Task<(ApiClient Client, string Token)> CreateClientAsync(AppDbContext db, string name, IEnumerable<string> scopes, DateTime now, string? createdByUserId)
    {
        var granted = scopes.ToHashSet(StringComparer.Ordinal);
        var client = new ApiClient { Name = name, Scopes = string.Join(' ', ApiScopes.All.Where(granted.Contains)), SecretHash = new string('-', 64), CreatedAt = now, CreatedByUserId = createdByUserId };
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        (var token, client.SecretHash) = New(client.Id);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (client, token);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The client id and secret of a token; false for anything not shaped like one.</summary>
    public static bool TryParse(string token, out int clientId, out string secret)
    {
        clientId = 0;
        secret = "";
        if (token.Length is < 10 or > 200 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = token.IndexOf('_', Prefix.Length);
        if (separator < 0 || !int.TryParse(token.AsSpan(Prefix.Length, separator - Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out clientId))
        {
            return false;
        }

        secret = token[(separator + 1)..];
        return secret.Length > 0;
    }

    /// <summary>Compares in constant time, so the time taken says nothing about how much of a guess was right.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
