using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// A hash of every row of every table the model maps, per table, read with plain SQL so that no
/// mapping (or decryption) stands between the test and what is stored.
/// </summary>
public static class DatabaseFingerprint
{
    public static Task<IReadOnlyDictionary<string, string>> TakeAsync(MusApp app) => app.WithDbAsync<IReadOnlyDictionary<string, string>>(async db =>
    {
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order().ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var result = new SortedDictionary<string, string>();
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                result[table] = await HashRowsAsync(command);
            }

            return result;
        }
        finally
        {
            await connection.CloseAsync();
        }
    });

    /// <summary>
    /// The tables whose rows differ between two fingerprints. One table is left out: the shared rate
    /// limits' ledger, which counts every limited request, refused or not, and is not data of anyone's.
    /// </summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. before.Keys.Union(after.Keys).Where(t => t != RequestLedger && before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).Order()];

    private const string RequestLedger = "RateLimitHits";

    // Times in full (round-trip format): the default text of a PostgreSQL timestamp drops the fraction of a second.
    private static string? Text(object value) => value switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<string> HashRowsAsync(DbCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                row.Append(Text(reader.GetValue(i))).Append('\u001f');
            }

            rows.Add(row.ToString());
        }

        rows.Sort(StringComparer.Ordinal);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows))));
    }
}
