using Mus.Web.Infrastructure.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Mus.Tests.Infrastructure.Pdf;

/// <summary>
/// How a document breaks over pages, tried at every length that moves the break: no heading alone at
/// the foot of a page, a closing block kept together, "side 1 af 2" and the organisation on every page,
/// and a catalogue that says the language and asks to show the title (read back by PdfPig, checked by qpdf).
/// </summary>
public sealed class PdfComposerTests
{
    private static readonly DateTimeOffset Made = TestClock.UtcNow;

    private static byte[] Render(int fillerLines, Action<PdfComposer> after, string language = "da")
    {
        using var output = new MemoryStream();
        using (var pdf = new PdfComposer(output, "Prøve", "Fjordby Forsyning", "Fortroligt", "side {0} af {1}", language, "Fjordby Forsyning", Made))
        {
            pdf.Title("Udviklingsplan");
            for (var i = 0; i < fillerLines; i++)
            {
                pdf.Paragraph($"Linje {i + 1} af fyldet");
            }

            after(pdf);
        }

        return output.ToArray();
    }

    private static int PageOf(PdfDocument document, string text) =>
        document.GetPages().Single(p => p.Text.Contains(text, StringComparison.Ordinal)).Number;

    [Fact]
    public void AClosingBlock_StaysTogether_AndAHeading_NeverEndsAPage_WhereverThePageBreaks()
    {
        // From a closing block well inside the first page to one pushed onto the second.
        var movedToSecondPage = 0;
        for (var filler = 30; filler <= 60; filler++)
        {
            var bytes = Render(filler, pdf =>
            {
                pdf.KeepTogether(6);
                pdf.Heading("Godkendelser");
                pdf.Field("Ida Brandt", "Godkendt 12.12.2026 kl. 10.00");
                pdf.Field("Karsten Lund", "Godkendt 12.12.2026 kl. 10.05");
                pdf.Space(8);
                pdf.Paragraph("Udskrevet 12.12.2026");
            });
            using var document = PdfDocument.Open(bytes);
            var block = PageOf(document, "Godkendelser");
            Assert.Equal(block, PageOf(document, "Karsten"));
            Assert.Equal(block, PageOf(document, "Udskrevet"));
            movedToSecondPage += block == 2 ? 1 : 0;
        }

        Assert.InRange(movedToSecondPage, 1, 30);

        for (var filler = 30; filler <= 60; filler++)
        {
            var bytes = Render(filler, pdf =>
            {
                pdf.Heading("Mål 2");
                pdf.Paragraph("Det første under overskriften");
            });
            using var document = PdfDocument.Open(bytes);
            Assert.Equal(PageOf(document, "Mål 2"), PageOf(document, "Det første under"));
        }
    }

    [Fact]
    public void EveryPage_SaysWhoseItIs_AndWhichOfHowManyItIs()
    {
        var bytes = Render(120, _ => { });

        using var document = PdfDocument.Open(bytes);
        Assert.True(document.NumberOfPages >= 3, $"{document.NumberOfPages} pages");
        foreach (var page in document.GetPages())
        {
            Assert.Contains("Fjordby Forsyning", page.Text, StringComparison.Ordinal);
            Assert.Contains($"side {page.Number} af {document.NumberOfPages}", page.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task TheCatalogue_SaysTheLanguage_AndToShowTheTitle_InAValidUpdate(string language)
    {
        var bytes = Render(3, _ => { }, language);

        using (var document = PdfDocument.Open(bytes))
        {
            var catalogue = document.Structure.Catalog.CatalogDictionary;
            Assert.True(catalogue.TryGet(NameToken.Create("Lang"), out StringToken lang));
            Assert.Equal(language, lang.Data);
            Assert.True(catalogue.TryGet(NameToken.Create("ViewerPreferences"), out DictionaryToken preferences));
            Assert.True(preferences.TryGet(NameToken.Create("DisplayDocTitle"), out BooleanToken display) && display.Data);
            Assert.Equal("Prøve", document.Information.Title);
        }

        // qpdf (written by others) finds the update well-formed: cross-references, trailer, objects.
        await ArchivalPdf.AssertWellFormedAsync(bytes);
    }
}
