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
            var encoded = WebUtility.HtmlEncode(paragraph);
            html.Append("<p>")
                .Append(paragraph.StartsWith("https://", StringComparison.Ordinal) && !paragraph.Any(char.IsWhiteSpace)
                    ? $"<a href=\"{encoded}\">{encoded}</a>"
                    : encoded.Replace("\n", "<br>", StringComparison.Ordinal))
                .Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }
}
