namespace Mus.Web.Pages.Conversations;

/// <summary>The shared guide's form, as posted: plain mutable fields for model binding.</summary>
public sealed class GuideInput
{
    public sealed class FeedbackInput
    {
        public string? Praise { get; set; }

        public string? Improve { get; set; }

        public string? PraiseAgain { get; set; }

        public Feedback ToFeedback() => new(Clean(Praise), Clean(Improve), Clean(PraiseAgain));

        public static FeedbackInput From(Feedback feedback) => new() { Praise = feedback.Praise, Improve = feedback.Improve, PraiseAgain = feedback.PraiseAgain };
    }

    /// <summary>Priority per theme key: 1 is taken first; empty means not on the agenda.</summary>
    public Dictionary<string, int?> Priority { get; set; } = [];

    public Dictionary<string, string?> Notes { get; set; } = [];

    public Dictionary<string, string?> Answers { get; set; } = [];

    public FeedbackInput ToEmployee { get; set; } = new();

    public FeedbackInput ToLeader { get; set; } = new();

    public string? Summary { get; set; }

    public int? SummaryWriterId { get; set; }

    public static GuideInput From(SharedNotes notes) => new()
    {
        Priority = notes.Agenda.Select((key, index) => (key, index)).ToDictionary(p => p.key, p => (int?)(p.index + 1)),
        Notes = notes.Notes.ToDictionary(n => n.Key, n => (string?)n.Value),
        Answers = notes.Answers.ToDictionary(n => n.Key, n => (string?)n.Value),
        ToEmployee = FeedbackInput.From(notes.ToEmployee),
        ToLeader = FeedbackInput.From(notes.ToLeader),
        Summary = notes.Summary,
        SummaryWriterId = notes.SummaryWriterId,
    };

    /// <summary>
    /// The notes as they are to be stored, keeping only known themes; the agenda is the prioritised
    /// themes by priority, ties in template order.
    /// </summary>
    public SharedNotes ToNotes(IReadOnlyList<string> sectionKeys, IReadOnlyDictionary<string, string> answers, int? summaryWriterId) => new()
    {
        Agenda = sectionKeys
            .Select((key, order) => (key, order, priority: Priority.GetValueOrDefault(key)))
            .Where(s => s.priority is > 0)
            .OrderBy(s => s.priority).ThenBy(s => s.order)
            .Select(s => s.key)
            .ToList(),
        Notes = sectionKeys.Where(k => Clean(Notes.GetValueOrDefault(k)) is not null).ToDictionary(k => k, k => Clean(Notes[k])!),
        Answers = answers,
        ToEmployee = ToEmployee.ToFeedback(),
        ToLeader = ToLeader.ToFeedback(),
        Summary = Clean(Summary),
        SummaryWriterId = Clean(Summary) is null ? null : summaryWriterId,
    };

    /// <summary>Every free text posted, to check lengths before anything is stored.</summary>
    public IEnumerable<string?> Texts() =>
        Notes.Values.Concat([ToEmployee.Praise, ToEmployee.Improve, ToEmployee.PraiseAgain, ToLeader.Praise, ToLeader.Improve, ToLeader.PraiseAgain, Summary]);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
