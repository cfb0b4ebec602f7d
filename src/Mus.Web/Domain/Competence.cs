using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mus.Web.Domain;

/// <summary>
/// One competence in a job group's standard and the level (1–5) expected in the job. The key stays
/// when HR rewords a competence, so ratings given against it keep their meaning.
/// </summary>
public sealed record Competence(string Key, string Name, string? Description, int ExpectedLevel)
{
    public const int MaxPerStandard = 30;
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<Competence> ReadStandard(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<Competence>>(json, Json) ?? [];

    public static string WriteStandard(IReadOnlyList<Competence> standard) => JsonSerializer.Serialize(standard, Json);

    /// <summary>The resource key of each rule a standard breaks; empty when it may be saved.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<Competence> standard)
    {
        if (standard.Count > MaxPerStandard)
        {
            yield return "Competences.Error.TooMany";
        }

        if (standard.Any(c => string.IsNullOrWhiteSpace(c.Name)))
        {
            yield return "Competences.Error.Name";
        }

        if (standard.Any(c => c.Name.Length > NameMaxLength || c.Description?.Length > DescriptionMaxLength))
        {
            yield return "Competences.Error.TooLong";
        }

        if (standard.Any(c => c.ExpectedLevel is < 1 or > 5))
        {
            yield return "Competences.Error.Level";
        }

        if (standard.Select(c => c.Name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != standard.Count)
        {
            yield return "Competences.Error.Duplicate";
        }
    }
}
