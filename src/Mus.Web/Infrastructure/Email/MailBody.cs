using System.Net;
using System.Text;

namespace Mus.Web.Infrastructure.Email;

/// <summary>The simple HTML part of a mail, made from its plain text: the same paragraphs, with a line that is an address made a link.</summary>
public static class MailBody
{
    public static string Html(string text, string language)
    {
        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"{WebUtility.HtmlEncode(language)}\"><head><meta charset=\"utf-8\"></head><body>");
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>")
                .AppendJoin("<br>", paragraph.Split('\n').Select(line => WebUtility.HtmlEncode(line) is var encoded && IsAddress(line) ? $"<a href=\"{encoded}\">{encoded}</a>" : encoded))
                .Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static bool IsAddress(string line) =>
        (line.StartsWith("https://", StringComparison.Ordinal) || line.StartsWith("http://", StringComparison.Ordinal)) && !line.Any(char.IsWhiteSpace);
}
