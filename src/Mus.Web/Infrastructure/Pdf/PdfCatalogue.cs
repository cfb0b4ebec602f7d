using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mus.Web.Infrastructure.Pdf;

/// <summary>
/// Adds an entry to a finished PDF's catalogue (its /Root dictionary) as an incremental update (ISO
/// 32000 7.5.6, allowed in PDF/A-2): the catalogue object again with the entries added, a cross-reference
/// section for that one object, and a trailer pointing back at the previous one. The bytes before are
/// left as they are. For a document written by Skia, which has a classic cross-reference table.
/// </summary>
internal static partial class PdfCatalogue
{
    /// <summary>The document with <c>/<paramref name="key"/> <paramref name="value"/></c> in its catalogue; unchanged if the catalogue has the key.</summary>
    public static byte[] With(byte[] pdf, string key, string value)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var trailerAt = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var startXrefAt = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (trailerAt < 0 || startXrefAt < trailerAt)
        {
            throw new InvalidOperationException("The PDF has no classic trailer to update.");
        }

        var trailer = text[trailerAt..startXrefAt];
        var root = Root().Match(trailer);
        var size = Size().Match(trailer);
        var previous = long.Parse(PreviousXref().Match(text[startXrefAt..]).Groups[1].Value, CultureInfo.InvariantCulture);
        if (!root.Success || !size.Success)
        {
            throw new InvalidOperationException("The PDF's trailer names no catalogue or size.");
        }

        var number = root.Groups[1].Value;
        var catalogue = new Regex($@"(?<![0-9]){number} 0 obj\s*<<(.*?)>>\s*endobj", RegexOptions.Singleline).Match(text);
        if (!catalogue.Success)
        {
            throw new InvalidOperationException($"The PDF's catalogue (object {number}) was not found.");
        }

        if (Regex.IsMatch(catalogue.Groups[1].Value, $@"/{key}(?![A-Za-z])"))
        {
            return pdf;
        }

        var update = new StringBuilder();
        update.Append('\n');
        var objectAt = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n<<{catalogue.Groups[1].Value} /{key} {value}>>\nendobj\n");
        var xrefAt = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"xref\n{number} 1\n{objectAt:D10} 00000 n \n");
        var id = Id().Match(trailer);
        update.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size.Groups[1].Value} /Root {number} 0 R /Prev {previous}");
        var info = Info().Match(trailer);
        if (info.Success)
        {
            update.Append(CultureInfo.InvariantCulture, $" /Info {info.Groups[1].Value} 0 R");
        }

        if (id.Success)
        {
            update.Append(" /ID ").Append(id.Value[3..].Trim());
        }

        update.Append(CultureInfo.InvariantCulture, $" >>\nstartxref\n{xrefAt}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    [GeneratedRegex(@"/Root\s+(\d+)\s+0\s+R")]
    private static partial Regex Root();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();

    [GeneratedRegex(@"/Info\s+(\d+)\s+0\s+R")]
    private static partial Regex Info();

    [GeneratedRegex(@"/ID\s*\[[^\]]*\]")]
    private static partial Regex Id();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex PreviousXref();
}
