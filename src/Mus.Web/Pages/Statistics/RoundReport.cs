using Mus.Web.Domain.Statistics;
using Mus.Web.Infrastructure.Crypto;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Statistics;

/// <summary>
/// What a round produced, counted for every cut at once: the held conversations (not opted out),
/// each counted where the employee was when the round opened (unit and job group) and with the leader
/// who held it; the cuts each unit with its sub-units, each job group and each leader's own people; the
/// rule of five decided over all of them together (<see cref="SmallGroups"/>), so that the HR report and
/// the leaders' pages can never be set beside each other to tell about one person. Figures are given
/// only for the cuts that are shown.
/// </summary>
public sealed class RoundReport
{
    /// <summary>Whether a held conversation was held by the round's conversation deadline (a figure of its own, from dates).</summary>
    public const string HeldOnTime = "held-on-time";

    public static string LeaderKey(int personId) => "leader:" + personId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private readonly Dictionary<int, int[]> figuresOf;
    private readonly List<Figure> measures;
    private readonly Dictionary<string, CutDecision> decisions;

    private RoundReport(int threshold, Dictionary<int, int[]> figuresOf, List<Figure> measures, IReadOnlyList<CutDecision> decisions)
    {
        Threshold = threshold;
        this.figuresOf = figuresOf;
        this.measures = measures;
        this.decisions = decisions.ToDictionary(d => d.Cut.Key, StringComparer.Ordinal);
        Decisions = decisions;
    }

    public int Threshold { get; }

    /// <summary>How many held conversations count (not opted out).</summary>
    public int PeopleCounted => figuresOf.Count;

    public IReadOnlyList<CutDecision> Decisions { get; }

    public CutDecision? Decision(string cutKey) => decisions.GetValueOrDefault(cutKey);

    /// <summary>The figures of a shown cut: how many people, and how often each answer was given. Null for a cut that is not shown.</summary>
    public CutFigures? For(string cutKey)
    {
        if (Decision(cutKey) is not { Shown: true } decision)
        {
            return null;
        }

        var counts = new int[measures.Count];
        foreach (var person in decision.Cut.People)
        {
            foreach (var index in figuresOf[person])
            {
                counts[index]++;
            }
        }

        return new CutFigures(decision.Cut.People.Count, measures.Index().Where(m => counts[m.Index] > 0).ToDictionary(m => m.Item, m => counts[m.Index]));
    }

    /// <summary>One held conversation as counted: where the employee was, who held it, and its figures.</summary>
    public sealed record Counted(int EmployeeId, int? UnitId, int? JobGroupId, int? LeaderId, IEnumerable<Figure> Figures);

    public static async Task<RoundReport> CountAsync(AppDbContext db, CompartmentCipher cipher, int roundId, int threshold, CancellationToken cancellationToken = default)
    {
        var deadline = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.ConversationDeadline).SingleAsync(cancellationToken);
        var held = await (
                from c in db.Conversations.AsNoTracking()
                where c.RoundId == roundId && c.Status == ConversationStatus.Held && c.StatisticsOptOutAt == null
                join f in db.ConversationFigures.AsNoTracking() on c.Id equals f.ConversationId into figures
                from f in figures.DefaultIfEmpty()
                select new { c.Id, c.EmployeeId, c.UnitIdAtRound, c.JobGroupIdAtRound, c.HeldWithLeaderId, c.HeldAt, Figures = f })
            .ToListAsync(cancellationToken);
        var parentOf = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ParentId, cancellationToken);
        var counted = new List<Counted>(held.Count);
        using (var opener = cipher.OpenFigures())
        {
            foreach (var conversation in held)
            {
                var onTime = conversation.HeldAt is { } at && DateOnly.FromDateTime(DanishTime.ToLocal(at)) <= deadline;
                var figures = new List<Figure> { new(HeldOnTime, onTime ? "yes" : "no") };
                foreach (var (kind, sealedFigures) in conversation.Figures?.Sealed() ?? [])
                {
                    // Figures that do not open (altered or moved in the database) are not counted.
                    if (opener.Open(sealedFigures, conversation.Id, kind) is { } plain)
                    {
                        figures.AddRange(Figures.Decode(plain));
                    }
                }

                counted.Add(new Counted(conversation.EmployeeId, conversation.UnitIdAtRound, conversation.JobGroupIdAtRound, conversation.HeldWithLeaderId, figures));
            }
        }

        return Build(threshold, parentOf, counted);
    }

    /// <summary>Decides every cut and keeps the figures to add up for the shown ones (no database: the rules' tests call it directly).</summary>
    public static RoundReport Build(int threshold, IReadOnlyDictionary<int, int?> parentOf, IReadOnlyCollection<Counted> held)
    {
        threshold = SmallGroups.Threshold(threshold);

        // Each answer gets a number once; a person's figures are then a short list of numbers to add up.
        var measures = new List<Figure>();
        var indexOf = new Dictionary<Figure, int>();
        int IndexOf(Figure figure)
        {
            if (!indexOf.TryGetValue(figure, out var index))
            {
                indexOf[figure] = index = measures.Count;
                measures.Add(figure);
            }

            return index;
        }

        var figuresOf = held.ToDictionary(c => c.EmployeeId, c => c.Figures.Select(IndexOf).ToArray());
        var members = held.Where(c => c.UnitId is { } unit && parentOf.ContainsKey(unit))
            .Select(c => new OrganisationCuts.Member(c.EmployeeId, c.UnitId!.Value, c.JobGroupId));
        var leaders = held.Where(c => c.LeaderId is not null)
            .GroupBy(c => c.LeaderId!.Value)
            .Select(g => new Cut(LeaderKey(g.Key), g.Select(c => c.EmployeeId).ToHashSet()));
        var cuts = OrganisationCuts.Build(parentOf, members).Concat(leaders);
        return new RoundReport(threshold, figuresOf, measures, SmallGroups.Decide(cuts, threshold));
    }
}

/// <summary>A shown cut's figures: <see cref="People"/> counted, and how many times each answer was given.</summary>
public sealed record CutFigures(int People, IReadOnlyDictionary<Figure, int> Counts)
{
    public int Count(string measure, string value) => Counts.GetValueOrDefault(new Figure(measure, value));

    /// <summary>The answers given to measures that start with <paramref name="prefix"/>, grouped by what follows it.</summary>
    public IEnumerable<IGrouping<string, KeyValuePair<Figure, int>>> Under(string prefix) =>
        Counts.Where(c => c.Key.Measure.StartsWith(prefix, StringComparison.Ordinal)).GroupBy(c => c.Key.Measure[prefix.Length..]);

    public IReadOnlyDictionary<string, int> Values(string measure) =>
        Counts.Where(c => c.Key.Measure == measure).ToDictionary(c => c.Key.Value, c => c.Value);
}
