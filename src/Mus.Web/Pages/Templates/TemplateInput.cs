using Mus.Web.Domain.Templates;

namespace Mus.Web.Pages.Templates;

/// <summary>The template editor's form: sections with their questions, plus empty slots to add more.</summary>
public sealed class TemplateInput
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 500;
    public const int IntroMaxLength = 1000;
    public const int EmptyQuestionsPerSection = 2;

    public sealed class QuestionInput
    {
        public string? Key { get; set; }

        public string? Text { get; set; }

        public QuestionKind Kind { get; set; }

        public QuestionAudience Audience { get; set; }
    }

    public sealed class SectionInput
    {
        public string? Key { get; set; }

        public string? Title { get; set; }

        public string? Intro { get; set; }

        public List<QuestionInput> Questions { get; set; } = [];
    }

    public string? Description { get; set; }

    public List<SectionInput> Sections { get; set; } = [];

    public static TemplateInput From(TemplateDocument document) => new()
    {
        Description = document.Description,
        Sections = [.. document.Sections.Select(s => new SectionInput
        {
            Key = s.Key,
            Title = s.Title,
            Intro = s.Intro,
            Questions = [.. s.Questions.Select(q => new QuestionInput { Key = q.Key, Text = q.Text, Kind = q.Kind, Audience = q.Audience })],
        })],
    };

    /// <summary>Room to type: a new section at the end and new question rows under each section.</summary>
    public TemplateInput WithEmptySlots()
    {
        Sections.Add(new SectionInput());
        foreach (var section in Sections)
        {
            var blanks = section.Questions.Count(q => string.IsNullOrWhiteSpace(q.Text));
            for (var i = blanks; i < EmptyQuestionsPerSection; i++)
            {
                section.Questions.Add(new QuestionInput());
            }
        }

        return this;
    }

    /// <summary>
    /// The document to store, leaving out empty slots, with the resource key of each problem.
    /// Existing keys are kept so that answers can be compared across versions; new ones are made up.
    /// </summary>
    public (TemplateDocument Document, List<string> Problems) ToDocument()
    {
        var problems = new List<string>();
        var usedKeys = new HashSet<string>();
        string KeyFor(string? posted)
        {
            var key = posted is { Length: > 0 and <= 40 } && posted.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !posted.Contains("--", StringComparison.Ordinal)
                ? posted
                : "q" + Guid.NewGuid().ToString("N")[..10];
            return usedKeys.Add(key) ? key : KeyFor(null);
        }

        var sections = new List<TemplateSection>();
        foreach (var section in Sections)
        {
            var questions = section.Questions
                .Where(q => !string.IsNullOrWhiteSpace(q.Text))
                .Select(q =>
                {
                    if (!Enum.IsDefined(q.Kind) || !Enum.IsDefined(q.Audience))
                    {
                        problems.Add("Plan.Error.Choice");
                    }

                    if (q.Text!.Trim().Length > TextMaxLength)
                    {
                        problems.Add("Templates.Error.TooLong");
                    }

                    return new TemplateQuestion(KeyFor(q.Key), q.Text.Trim(), q.Kind, q.Audience);
                })
                .ToList();
            if (string.IsNullOrWhiteSpace(section.Title))
            {
                if (questions.Count > 0)
                {
                    problems.Add("Templates.Error.SectionTitle");
                }

                continue;
            }

            if (section.Title.Trim().Length > NameMaxLength || section.Intro?.Trim().Length > IntroMaxLength)
            {
                problems.Add("Templates.Error.TooLong");
            }

            sections.Add(new TemplateSection(KeyFor(section.Key), section.Title.Trim(), string.IsNullOrWhiteSpace(section.Intro) ? null : section.Intro.Trim(), questions));
        }

        if (Description?.Trim().Length > IntroMaxLength)
        {
            problems.Add("Templates.Error.TooLong");
        }

        return (new TemplateDocument(Description?.Trim() ?? "", sections), problems.Distinct().ToList());
    }
}
