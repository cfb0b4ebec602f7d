namespace Mus.Web.Domain.Templates;

/// <summary>How a question is answered.</summary>
public enum QuestionKind
{
    FreeText,
    Scale,
    Competence,
    YesNo,
}

/// <summary>Who answers a question, and where.</summary>
public enum QuestionAudience
{
    EmployeePreparation,
    LeaderPreparation,
    Conversation,
    Evaluation,
}

/// <summary>A question of a template. <see cref="Key"/> is stable across versions, so answers can be compared year to year.</summary>
public sealed record TemplateQuestion(string Key, string Text, QuestionKind Kind, QuestionAudience Audience, string? Help = null);

/// <summary>A theme of the conversation with its questions.</summary>
public sealed record TemplateSection(string Key, string Title, string? Intro, IReadOnlyList<TemplateQuestion> Questions);

/// <summary>
/// The content of one template version: sections, then questions. Stored as a JSON document in
/// the version's row; a published version's document is never written again.
/// </summary>
public sealed record TemplateDocument(string Description, IReadOnlyList<TemplateSection> Sections)
{
    public IEnumerable<TemplateQuestion> QuestionsFor(QuestionAudience audience) =>
        Sections.SelectMany(s => s.Questions).Where(q => q.Audience == audience);
}
