using System.Xml.Linq;
using UglyToad.PdfPig;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// What a PDF meant for the personnel file must be: a PDF that qpdf finds well-formed; PDF/A-2b by its XMP (with title, author
/// and creation date); only subset fonts, embedded, as poppler's <c>pdffonts</c> lists them and as their
/// size shows; and no
/// word drawn over another on any page.
/// </summary>
public static class ArchivalPdf
{
    private static readonly XNamespace PdfAId = "http://www.aiim.org/pdfa/ns/id/";
    private static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Xmp = "http://ns.adobe.com/xap/1.0/";

    public static async Task AssertArchivalAsync(byte[] bytes, string title, string author)
    {
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        await AssertWellFormedAsync(bytes);
        using var pdf = PdfDocument.Open(bytes);

        Assert.True(pdf.TryGetXmpMetadata(out var xmp), "the PDF has no XMP metadata");
        var metadata = xmp.GetXDocument();
        Assert.Equal("2", metadata.Descendants(PdfAId + "part").Single().Value);
        Assert.Equal("B", metadata.Descendants(PdfAId + "conformance").Single().Value);
        Assert.Equal(title, metadata.Descendants(DublinCore + "title").Single().Value.Trim());
        Assert.Equal(author, metadata.Descendants(DublinCore + "creator").Single().Value.Trim());
        Assert.NotEmpty(metadata.Descendants(Xmp + "CreateDate").Single().Value);

        var fonts = await FontsAsync(bytes);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, font =>
        {
            Assert.Matches("^[A-Z]{6}\\+", font.Name);
            Assert.Equal(("yes", "yes"), (font.Embedded, font.Subset));
        });
        // The name's tag alone proves nothing (Skia tags a font it embeds whole): each embedded font
        // program (its /Length1, before compression) is a small part of IBM Plex Sans' 180 KB.
        var programs = System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(bytes), @"/Length1 (\d+)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(fonts.Count, programs.Count);
        Assert.All(programs, length => Assert.InRange(length, 1, 100_000));

        foreach (var page in pdf.GetPages())
        {
            var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
            Assert.NotEmpty(words);
            for (var i = 0; i < words.Count; i++)
            {
                for (var j = i + 1; j < words.Count; j++)
                {
                    var (a, b) = (words[i].BoundingBox, words[j].BoundingBox);
                    // Half a point of slack: neighbours on a line may touch.
                    var overlap = a.Left + 0.5 < b.Right && b.Left + 0.5 < a.Right && a.Bottom + 0.5 < b.Top && b.Bottom + 0.5 < a.Top;
                    Assert.False(overlap, $"page {page.Number}: \"{words[i].Text}\" and \"{words[j].Text}\" are drawn over each other");
                }
            }
        }
    }

    public sealed record Font(string Name, string Embedded, string Subset);

    /// <summary>The fonts as poppler's pdffonts lists them (name, emb, sub).</summary>
    public static Task<IReadOnlyList<Font>> FontsAsync(byte[] bytes) => WithFileAsync(bytes, async file =>
    {
        var listing = (await Processes.Tool.RunAsync("pdffonts", [file], TimeSpan.FromMinutes(1))).Succeeded("pdffonts (apt-get install poppler-utils)").Output;
        // name type encoding emb sub uni object ID; the type may be two words ("CID TrueType").
        return (IReadOnlyList<Font>)[.. listing.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).Select(l =>
        {
            var columns = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new Font(columns[0], columns[^5], columns[^4]);
        })];
    });

    /// <summary>qpdf (written by others) finds the file well-formed: cross-references, trailers (an update's too), objects, streams.</summary>
    public static Task AssertWellFormedAsync(byte[] bytes) => WithFileAsync(bytes, async file =>
    {
        Assert.True(File.Exists("/usr/bin/qpdf"), "Debian's qpdf is missing: the test script installs it.");
        var check = await Processes.Tool.RunAsync("qpdf", ["--check", file], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.Output + check.Errors);
        Assert.Contains("No syntax or stream encoding errors found", check.Output, StringComparison.Ordinal);
        return true;
    });

    private static async Task<T> WithFileAsync<T>(byte[] bytes, Func<string, Task<T>> read)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mus-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            return await read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
