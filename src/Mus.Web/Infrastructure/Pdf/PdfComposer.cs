using SkiaSharp;

namespace Mus.Web.Infrastructure.Pdf;

/// <summary>
/// Writes text top to bottom on A4 pages, breaking lines at spaces and starting a new page when one
/// is full. Draws with DejaVu Sans from Debian's fonts-dejavu-core, which SkiaSharp embeds (as a
/// subset) in the PDF, so Danish letters show on any reader.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    private const float PageWidth = 595.28f;
    private const float PageHeight = 841.89f;
    private const float Margin = 56f;
    private const string FontDirectory = "/usr/share/fonts/truetype/dejavu";

    private static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> Typefaces = new(LoadTypefaces);

    private readonly SKDocument document;
    private readonly string footer;
    private readonly SKPaint ink = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKPaint muted = new() { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
    private SKCanvas? canvas;
    private float y;
    private int pageNumber;

    public PdfComposer(Stream output, string title, string footer)
    {
        this.footer = footer;
        document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata
        {
            Title = title,
            Creator = "MUS",
            Producer = "MUS",
            RasterDpi = 72,
        }) ?? throw new InvalidOperationException("SkiaSharp could not start a PDF document.");
    }

    public void Title(string text) => Write(text, 20, bold: true, after: 10);

    public void Heading(string text) => Write(text, 13, bold: true, before: 10, after: 4);

    public void Paragraph(string text, bool mutedText = false) => Write(text, 10, bold: false, after: 4, paint: mutedText ? muted : null);

    /// <summary>A label in bold and its value beside it, the value wrapping under itself.</summary>
    public void Field(string label, string value)
    {
        const float size = 10;
        const float labelWidth = 150;
        using var bold = new SKFont(Typefaces.Value.Bold, size);
        using var regular = new SKFont(Typefaces.Value.Regular, size);
        var lines = Wrap(value, regular, PageWidth - (2 * Margin) - labelWidth);
        EnsureRoom(LineHeight(size) * Math.Min(lines.Count, 3));
        Canvas.DrawText(label, Margin, y + size, SKTextAlign.Left, bold, ink);
        foreach (var line in lines)
        {
            EnsureRoom(LineHeight(size));
            Canvas.DrawText(line, Margin + labelWidth, y + size, SKTextAlign.Left, regular, ink);
            y += LineHeight(size);
        }

        y += 2;
    }

    public void Space(float points) => y += points;

    public void Dispose()
    {
        if (canvas is not null)
        {
            FinishPage();
        }
        else
        {
            // A document needs at least one page.
            StartPage();
            FinishPage();
        }

        document.Close();
        document.Dispose();
        ink.Dispose();
        muted.Dispose();
    }

    private SKCanvas Canvas => canvas ?? StartPage();

    private void Write(string text, float size, bool bold, float before = 0, float after = 0, SKPaint? paint = null)
    {
        using var font = new SKFont(bold ? Typefaces.Value.Bold : Typefaces.Value.Regular, size);
        y += canvas is null ? 0 : before;
        foreach (var line in Wrap(text, font, PageWidth - (2 * Margin)))
        {
            EnsureRoom(LineHeight(size));
            Canvas.DrawText(line, Margin, y + size, SKTextAlign.Left, font, paint ?? ink);
            y += LineHeight(size);
        }

        y += after;
    }

    private static float LineHeight(float size) => size * 1.4f;

    private void EnsureRoom(float height)
    {
        if (canvas is null)
        {
            StartPage();
        }
        else if (y + height > PageHeight - Margin)
        {
            FinishPage();
            StartPage();
        }
    }

    private SKCanvas StartPage()
    {
        canvas = document.BeginPage(PageWidth, PageHeight);
        pageNumber++;
        y = Margin;
        return canvas;
    }

    private void FinishPage()
    {
        using var font = new SKFont(Typefaces.Value.Regular, 8);
        canvas!.DrawText($"{footer} · {pageNumber}", Margin, PageHeight - (Margin / 2), SKTextAlign.Left, font, muted);
        document.EndPage();
        canvas = null;
    }

    /// <summary>Breaks text into lines that fit the width: at spaces, and inside a word only when it alone is too long.</summary>
    private static List<string> Wrap(string text, SKFont font, float width)
    {
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

    private static (SKTypeface, SKTypeface) LoadTypefaces()
    {
        var regular = Path.Combine(FontDirectory, "DejaVuSans.ttf");
        var bold = Path.Combine(FontDirectory, "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular) || !File.Exists(bold))
        {
            throw new PdfFontMissingException($"The PDF font is missing: install Debian's fonts-dejavu-core ({regular}).");
        }

        return (SKTypeface.FromFile(regular), SKTypeface.FromFile(bold));
    }
}

/// <summary>The server lacks the font PDFs are drawn with: a set-up fault, answered with 503, not a bug.</summary>
public sealed class PdfFontMissingException(string message) : Exception(message);
