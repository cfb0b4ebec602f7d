using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Pages.Rounds;

/// <summary>The <c>Rounds</c> section.</summary>
public sealed class RoundOptions : ISettings
{
    public const string Section = "Rounds";

    /// <summary>How long HR's progress figures are kept before they are counted again (0: every time).</summary>
    public double FiguresFreshSeconds { get; set; } = 10;

    public IEnumerable<string> Problems()
    {
        if (FiguresFreshSeconds < 0)
        {
            yield return $"{Section}:FiguresFreshSeconds must be a number of seconds, 0 or more.";
        }
    }
}
