using Mus.Web.Domain.Statistics;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>The <c>Statistics</c> section: the smallest group a figure is shown for.</summary>
public sealed class StatisticsOptions : ISettings
{
    public const string Section = "Statistics";

    /// <summary>Raised to five when set lower: the rule of five is not a setting.</summary>
    public int? MinimumGroupSize { get; set; }

    /// <summary>The smallest group actually used.</summary>
    public int Threshold => SmallGroups.Threshold(MinimumGroupSize);

    public IEnumerable<string> Problems() => [];
}
