using Mus.Web.Domain.Statistics;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>The one setting of the statistics: the smallest group a figure is shown for (never below five).</summary>
public static class StatisticsSettings
{
    public const string MinimumGroupSize = "Statistics:MinimumGroupSize";

    public static int Threshold(IConfiguration configuration) => SmallGroups.Threshold(configuration.GetValue<int?>(MinimumGroupSize));
}
