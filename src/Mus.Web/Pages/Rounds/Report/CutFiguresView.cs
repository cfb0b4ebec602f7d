using Mus.Web.Domain.Statistics;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>What <c>_CutFigures</c> draws: one cut's figures, the legends of this round and the earlier one, and why a comparison is missing.</summary>
public sealed record CutFiguresView(ReportSections Sections, string NowLegend, string? PreviousLegend, string? NoComparison);
