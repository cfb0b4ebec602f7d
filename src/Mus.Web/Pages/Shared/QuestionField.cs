using Mus.Web.Domain.Templates;

namespace Mus.Web.Pages.Shared;

/// <summary>One template question as a form field: its posted name, element id, current value and whether it is closed.</summary>
public sealed record QuestionField(TemplateQuestion Question, string Name, string? Value, bool Disabled, int Rows = 3)
{
    public string Id => "answer-" + Question.Key;

    /// <summary>An answer as a reader sees it: yes/no in their language, a dash for none.</summary>
    public static string Display(string? value, IStringLocalizer text) => value switch
    {
        null => "–",
        "yes" => text["Common.Yes"].Value,
        "no" => text["Common.No"].Value,
        _ => value,
    };
}
