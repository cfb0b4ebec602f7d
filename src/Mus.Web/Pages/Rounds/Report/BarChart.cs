using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Mus.Web.Domain.Statistics;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>
/// A horizontal bar chart drawn on the server as SVG: no script, no colour needed to read it. Each
/// bar carries its value as text; last round's bar (when there is one) is hatched and outlined under
/// this round's solid one, and the legend says which is which. The chart is an image with a title and
/// a description; the same figures stand in a table beside it for anyone who reads tables better.
/// </summary>
public static class BarChart
{
    public sealed record Bar(string Label, double Value, double? Previous);

    private const int Width = 640;
    private const int BarArea = 520;
    private const int LabelHeight = 18;
    private const int BarHeight = 16;
    private const int Gap = 14;

    /// <param name="id">Unique on the page: names the title, description and hatch pattern.</param>
    /// <param name="format">How a value is written at the end of its bar.</param>
    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<Bar> bars, double max, Func<double, string> format, string nowLegend, string? previousLegend)
    {
        var encoder = HtmlEncoder.Default;
        var withPrevious = previousLegend is not null && bars.Any(b => b.Previous is not null);
        var rowHeight = LabelHeight + BarHeight + (withPrevious ? BarHeight + 2 : 0) + Gap;
        var legendHeight = 28;
        var height = legendHeight + (bars.Count * rowHeight);
        max = max <= 0 ? 1 : max;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="bar-chart" role="img" viewBox="0 0 {Width} {height}" width="100%" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{encoder.Encode(title)}</title><desc id="{id}-desc">{encoder.Encode(description)}</desc>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#454545" stroke-width="2"/></pattern></defs>""");

        // The legend: a solid square for this round, a hatched one for last round.
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="0" y="4" width="14" height="14" fill="#0059b3"/><text x="20" y="16" font-size="13" fill="#1a1a1a">{encoder.Encode(nowLegend)}</text>""");
        if (withPrevious)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="240" y="4" width="14" height="14" fill="url(#{id}-hatch)" stroke="#454545"/><text x="260" y="16" font-size="13" fill="#1a1a1a">{encoder.Encode(previousLegend!)}</text>""");
        }

        var y = legendHeight;
        foreach (var bar in bars)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{y + 13}" font-size="14" fill="#1a1a1a">{encoder.Encode(bar.Label)}</text>""");
            var top = y + LabelHeight;
            AppendBar(svg, top, bar.Value, max, format, """fill="#0059b3" """);
            if (withPrevious)
            {
                top += BarHeight + 2;
                if (bar.Previous is { } previous)
                {
                    AppendBar(svg, top, previous, max, format, $"""fill="url(#{id}-hatch)" stroke="#454545" """);
                }
            }

            y += rowHeight;
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static void AppendBar(StringBuilder svg, int top, double value, double max, Func<double, string> format, string paint)
    {
        var length = Math.Max(1, Math.Round(BarArea * Math.Clamp(value / max, 0, 1)));
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="0" y="{top}" width="{length}" height="{BarHeight}" {paint}/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{length + 6}" y="{top + 13}" font-size="13" fill="#1a1a1a">{HtmlEncoder.Default.Encode(format(value))}</text>""");
    }
}
