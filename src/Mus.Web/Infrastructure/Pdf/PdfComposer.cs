using SkiaSharp;

namespace Mus.Web.Infrastructure.Pdf;

/// <summary>
/// Writes text top to bottom on A4 pages, breaking lines at spaces and starting a new page when one
/// is full, and saves it as a PDF/A-2b document when disposed. Lines are laid out first and drawn at
/// the end, so that the fonts (IBM Plex Sans, the design system's typeface, SIL OFL 1.1, built into the
/// assembly from the dkfds package) can be cut down to the characters the document uses before they
/// are embedded (<see cref="FontSubset"/>): Danish letters show on any reader, a one-page plan stays
/// small, and the document is the same on every host, none of whose fonts is read.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    private const float PageWidth = 595.28f;
    private const float PageHeight = 841.89f;
    private const float Margin = 56f;
    private const float LabelWidth = 150;
    private const float LabelGap = 8;

    private static readonly Lazy<Fonts> Full = new(LoadFonts);

    private sealed record Fonts(byte[] RegularFile, byte[] BoldFile, SKTypeface Regular, SKTypeface Bold);

    private sealed record Line(string Text, float X, float Baseline, float Size, bool Bold, bool Muted);

    private readonly Stream output;
    private readonly SKDocumentPdfMetadata metadata;
    private readonly string header;
    private readonly string footer;
    private readonly string pageOf;
    private readonly string language;
    private readonly List<List<Line>> pages = [];
    private float y;

    /// <param name="header">At the top of every page: the organisation, so a printed page says whose it is.</param>
    /// <param name="footer">At the foot of every page, before its number.</param>
    /// <param name="pageOf">The page number's words, {0} of {1} ("side {0} af {1}").</param>
    /// <param name="language">The document's language ("da", "en"), for readers that speak it aloud.</param>
    /// <param name="author">The organisation, as the document's author in its metadata.</param>
    /// <param name="createdAt">When the document was made, in its metadata.</param>
    public PdfComposer(Stream output, string title, string header, string footer, string pageOf, string language, string author, DateTimeOffset createdAt)
    {
        this.output = output;
        this.header = header;
        this.footer = footer;
        this.pageOf = pageOf;
        this.language = language;
        metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Author = author,
            Creator = "MUS",
            Producer = "MUS",
            Creation = createdAt.UtcDateTime,
            Modified = createdAt.UtcDateTime,
            RasterDpi = 72,
            // PDF/A-2b: XMP metadata, an sRGB output intent, every font embedded (Skia writes these).
            PdfA = true,
        };
    }

    public void Title(string text) => Write(text, 20, bold: true, after: 10);

    /// <summary>A heading is never the last line of a page: it starts a new one unless a few lines fit below it.</summary>
    public void Heading(string text)
    {
        EnsureRoom(10 + LineHeight(13) + 4 + (3 * LineHeight(10)));
        Write(text, 13, bold: true, before: 10, after: 4);
    }

    /// <summary>
    /// What follows (about <paramref name="lines"/> lines of body text) is not split over two pages: it
    /// starts a new one unless it fits on this one. For short closing blocks, such as the approvals.
    /// </summary>
    public void KeepTogether(int lines) => EnsureRoom(lines * (LineHeight(10) + 2));

    public void Paragraph(string text, bool mutedText = false) => Write(text, 10, bold: false, after: 4, muted: mutedText);

    /// <summary>A label in bold and its value beside it, each wrapping under itself; the next field starts below the longer of the two.</summary>
    public void Field(string label, string value)
    {
        const float size = 10;
        var labels = Wrap(label, size, bold: true, LabelWidth - LabelGap);
        var values = Wrap(value, size, bold: false, PageWidth - (2 * Margin) - LabelWidth);
        // A field of a few lines is not split over two pages.
        EnsureRoom(LineHeight(size) * Math.Min(Math.Max(labels.Count, values.Count), 3));
        for (var i = 0; i < Math.Max(labels.Count, values.Count); i++)
        {
            EnsureRoom(LineHeight(size));
            if (i < labels.Count)
            {
                Add(labels[i], Margin, size, bold: true);
            }

            if (i < values.Count)
            {
                Add(values[i], Margin + LabelWidth, size, bold: false);
            }

            y += LineHeight(size);
        }

        y += 2;
    }

    public void Space(float points) => y += points;

    /// <summary>Draws every page with fonts cut down to the characters used, and closes the document.</summary>
    public void Dispose()
    {
        if (pages.Count == 0)
        {
            // A document needs at least one page.
            StartPage();
        }

        for (var number = 1; number <= pages.Count; number++)
        {
            pages[number - 1].Add(new Line(header, Margin, Margin / 2, 8, Bold: false, Muted: true));
            pages[number - 1].Add(new Line($"{footer} · {string.Format(System.Globalization.CultureInfo.InvariantCulture, pageOf, number, pages.Count)}", Margin, PageHeight - (Margin / 2), 8, Bold: false, Muted: true));
        }

        var all = pages.SelectMany(p => p).ToList();
        using var regular = Subset(Full.Value.RegularFile, all.Where(l => !l.Bold));
        using var bold = Subset(Full.Value.BoldFile, all.Where(l => l.Bold));
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        using var drawn = new MemoryStream();
        using (var document = SKDocument.CreatePdf(drawn, metadata) ?? throw new InvalidOperationException("SkiaSharp could not start a PDF document."))
        {
            foreach (var page in pages)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var line in page)
                {
                    using var font = new SKFont(line.Bold ? bold : regular, line.Size);
                    canvas.DrawText(line.Text, line.X, line.Baseline, SKTextAlign.Left, font, line.Muted ? muted : ink);
                }

                document.EndPage();
            }

            document.Close();
        }

        // Skia writes no document language (its viewer preferences already ask to show the title): added
        // as an update of the catalogue.
        var bytes = PdfCatalogue.With(drawn.ToArray(), "Lang", $"({language})");
        output.Write(bytes);
    }

    private static SKTypeface Subset(byte[] file, IEnumerable<Line> lines)
    {
        // Always at least the space and the digits of the footer, so a font is never asked for nothing.
        var codePoints = lines.SelectMany(l => EnumerateCodePoints(l.Text)).Concat(" 0123456789".Select(c => (int)c));
        using var data = SKData.CreateCopy(FontSubset.Of(file, codePoints));
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("SkiaSharp could not read the subset font.");
    }

    private static IEnumerable<int> EnumerateCodePoints(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            yield return rune.Value;
        }
    }

    private void Write(string text, float size, bool bold, float before = 0, float after = 0, bool muted = false)
    {
        y += pages.Count == 0 ? 0 : before;
        foreach (var line in Wrap(text, size, bold, PageWidth - (2 * Margin)))
        {
            EnsureRoom(LineHeight(size));
            Add(line, Margin, size, bold, muted);
            y += LineHeight(size);
        }

        y += after;
    }

    private void Add(string text, float x, float size, bool bold, bool muted = false) =>
        pages[^1].Add(new Line(text, x, y + size, size, bold, muted));

    private static float LineHeight(float size) => size * 1.4f;

    private void EnsureRoom(float height)
    {
        if (pages.Count == 0 || y + height > PageHeight - Margin)
        {
            StartPage();
        }
    }

    private void StartPage()
    {
        pages.Add([]);
        y = Margin;
    }

    /// <summary>Breaks text into lines that fit the width (measured with the whole font, whose advances the subset keeps): at spaces, and inside a word only when it alone is too long.</summary>
    private static List<string> Wrap(string text, float size, bool bold, float width)
    {
        using var font = new SKFont(bold ? Full.Value.Bold : Full.Value.Regular, size);
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (font.MeasureText(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (font.MeasureText(line) > width && line.Length > 1)
                {
                    var fits = font.BreakText(line, width);
                    lines.Add(line[..Math.Max(1, fits)]);
                    line = line[Math.Max(1, fits)..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static Fonts LoadFonts()
    {
        var regular = Embedded("IBMPlexSans-Regular.ttf");
        var bold = Embedded("IBMPlexSans-Bold.ttf");
        return new Fonts(regular, bold, Typeface(regular), Typeface(bold));
    }

    private static byte[] Embedded(string name)
    {
        using var stream = typeof(PdfComposer).Assembly.GetManifestResourceStream("Mus.Web.Fonts." + name)
            ?? throw new PdfFontMissingException($"The PDF font {name} is not in the assembly: it was built without its front end (SkipFrontEnd).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static SKTypeface Typeface(byte[] file)
    {
        using var data = SKData.CreateCopy(file);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("SkiaSharp could not read the PDF font.");
    }
}

/// <summary>The build lacks the font PDFs are drawn with: a set-up fault, answered with 503, not a bug.</summary>
public sealed class PdfFontMissingException(string message) : Exception(message);
