using System.Text.Encodings.Web;
using System.Text.Json;
using Mus.Web.Domain.Templates;

namespace Mus.Web.Domain.Conversations;

/// <summary>A party's answers, by question key, as stored in their preparation compartment.</summary>
public static class Answers
{
    public const int MaxTextLength = 4000;

    // Letters such as æ, ø and å are kept as they are: the JSON is stored, never placed in a page or a script.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Dictionary<string, string> Read(string? content) =>
        string.IsNullOrWhiteSpace(content) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(content, Json) ?? [];

    public static string Write(IReadOnlyDictionary<string, string> answers) => JsonSerializer.Serialize(answers, Json);

    /// <summary>The answers as a form's fields, for a merge (<see cref="Domain.Editing.FieldMerge"/>).</summary>
    public static IReadOnlyDictionary<string, string?> Fields(string? content) =>
        Read(content).ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal);

    /// <summary>The answers a merge settled on, empty ones left out.</summary>
    public static string WriteFields(IReadOnlyDictionary<string, string?> fields) =>
        Write(fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Key, f => f.Value!, StringComparer.Ordinal));

    /// <summary>A field of <see cref="Fields"/> as a form labels it: the question, and the competence where it is one's rating.</summary>
    public static string LabelOf(IEnumerable<TemplateQuestion> questions, IReadOnlyList<Competence> standard, string field)
    {
        foreach (var question in questions)
        {
            if (question.Key == field)
            {
                return question.Text;
            }

            if (question.Kind == QuestionKind.Competence && standard.FirstOrDefault(c => CompetenceKey(question, c) == field) is { } competence)
            {
                return $"{question.Text}: {competence.Name}";
            }
        }

        return field;
    }

    /// <summary>Where the rating of one competence under a competence question is kept.</summary>
    public static string CompetenceKey(TemplateQuestion question, Competence competence) => $"{question.Key}--{competence.Key}";

    /// <summary>
    /// Keeps the answers to <paramref name="questions"/> only, trimmed, and returns the resource
    /// key of each refusal with its question, so the form can say exactly what is wrong.
    /// </summary>
    public static (Dictionary<string, string> Kept, List<(TemplateQuestion Question, string MessageKey)> Refusals) Clean(
        IEnumerable<TemplateQuestion> questions, IReadOnlyDictionary<string, string?> posted, IReadOnlyList<Competence>? standard = null)
    {
        var kept = new Dictionary<string, string>();
        var refusals = new List<(TemplateQuestion, string)>();
        foreach (var question in questions)
        {
            if (question.Kind == QuestionKind.Competence)
            {
                // One 1–5 rating per competence in the employee's job-group standard.
                foreach (var competence in standard ?? [])
                {
                    var key = CompetenceKey(question, competence);
                    var rating = posted.GetValueOrDefault(key)?.Trim();
                    if (rating is "1" or "2" or "3" or "4" or "5")
                    {
                        kept[key] = rating;
                    }
                    else if (!string.IsNullOrEmpty(rating))
                    {
                        refusals.Add((question, "Preparation.Error.Invalid"));
                    }
                }

                continue;
            }

            var value = posted.GetValueOrDefault(question.Key)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var valid = question.Kind switch
            {
                QuestionKind.FreeText => value.Length <= MaxTextLength,
                QuestionKind.Scale => value is "1" or "2" or "3" or "4" or "5",
                QuestionKind.YesNo => value is "yes" or "no",
                _ => false,
            };
            if (valid)
            {
                kept[question.Key] = value;
            }
            else
            {
                refusals.Add((question, question.Kind == QuestionKind.FreeText ? "Preparation.Error.TooLong" : "Preparation.Error.Invalid"));
            }
        }

        return (kept, refusals);
    }
}
