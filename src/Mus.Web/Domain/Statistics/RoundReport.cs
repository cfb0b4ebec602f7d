namespace Mus.Web.Domain.Statistics;

/// <summary>
/// What a round produced, as published once (counted by <c>RoundCounting</c>, published by <c>FiguresPublication</c>): the held conversations not
/// opted out, each counted where the employee was when the round opened (unit and job group); the cuts
/// each unit with its sub-units and each job group; the rule of five (<see cref="SmallGroups"/>) decided
/// for everyone counted and again for the people who answered each question, so that a question's
/// figure is shown only where enough people answered it and no sum or difference of shown figures
/// tells what a few of them said. Only the shown groups' totals are kept: the published form holds no person.
/// </summary>
public sealed class RoundReport
{
    /// <summary>Whether a held conversation was held by the round's conversation deadline (a figure of its own, from dates).</summary>
    public const string HeldOnTime = "held-on-time";

    /// <summary>The question everyone counted answers (how many there are, whether held on time, whether a plan was approved).</summary>
    public const string Everyone = "";

    /// <summary>How often one answer was given in a group.</summary>
    public sealed record Answer(string Measure, string Value, int Count);

    /// <summary>
    /// A group as published: why it is or is not shown, and for a shown group how many people, the questions
    /// whose figures are shown for it (enough answered them), and how often each answer was given.
    /// </summary>
    public sealed record Group(string Key, Suppression Reason, string? Against, int? People, IReadOnlyList<Answer> Counts, IReadOnlyList<string> Questions)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public bool Shown => Reason == Suppression.None;
    }

    private readonly Dictionary<string, Group> groups;

    private RoundReport(int threshold, int peopleCounted, IReadOnlyList<Group> groups)
    {
        Threshold = threshold;
        PeopleCounted = peopleCounted;
        Groups = groups;
        this.groups = groups.ToDictionary(g => g.Key, StringComparer.Ordinal);
    }

    public int Threshold { get; }

    /// <summary>How many held conversations count (not opted out).</summary>
    public int PeopleCounted { get; }

    public IReadOnlyList<Group> Groups { get; }

    public Group? Decision(string cutKey) => groups.GetValueOrDefault(cutKey);

    /// <summary>The figures of a shown group: how many people, and how often each answer was given. Null for a group that is not shown.</summary>
    public CutFigures? For(string cutKey) =>
        Decision(cutKey) is { Shown: true, People: int people } group
            ? new CutFigures(people, group.Counts.ToDictionary(c => new Figure(c.Measure, c.Value), c => c.Count)) { Questions = group.Questions.ToHashSet(StringComparer.Ordinal) }
            : null;

    /// <summary>Which people a measure's figure is decided over: those who answered its question.</summary>
    public static string QuestionOf(string measure) => measure switch
    {
        HeldOnTime or Figures.ApprovedPlan => Everyone,
        // The kinds of action and items passed on are counted among those with an approved plan.
        Figures.ActionKind or Figures.GoesFurther => Figures.ApprovedPlan,
        Figures.AgendaFirst => Figures.Agenda,
        _ => measure,
    };

    /// <summary>One held conversation as counted: where the employee was when the round opened, and its figures.</summary>
    public sealed record Counted(int EmployeeId, int? UnitId, int? JobGroupId, IEnumerable<Figure> Figures)
    {
        /// <summary>More figures as stored (<see cref="Figures.Encode"/>), read without making a <see cref="Figure"/> of each line: a large round has hundreds of thousands.</summary>
        public IReadOnlyList<string> Encoded { get; init; } = [];
    }

    /// <summary>Decides every group for everyone and for each question's answerers, and adds up the shown groups' answers (no database: the rules' tests call it directly).</summary>
    public static RoundReport Build(int threshold, IReadOnlyDictionary<int, int?> parentOf, IReadOnlyCollection<Counted> held)
    {
        threshold = SmallGroups.Threshold(threshold);
        var people = held.Where(c => c.UnitId is { } unit && parentOf.ContainsKey(unit)).ToList();

        // Each answer gets a number once; a person's figures are then a short list of numbers to add up.
        var measures = new List<Figure>();
        var indexOf = new Dictionary<Figure, int>();
        var indexOfLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = indexOfLine.GetAlternateLookup<ReadOnlySpan<char>>();
        int IndexOf(Figure figure)
        {
            if (!indexOf.TryGetValue(figure, out var index))
            {
                indexOf[figure] = index = measures.Count;
                measures.Add(figure);
            }

            return index;
        }

        int[] IndicesOf(Counted person)
        {
            var indices = person.Figures.Select(IndexOf).ToList();
            foreach (var encoded in person.Encoded)
            {
                foreach (var range in encoded.AsSpan().Split('\n'))
                {
                    var line = encoded.AsSpan()[range];
                    if (line.IsEmpty || line.IndexOf('\t') <= 0)
                    {
                        continue;
                    }

                    if (!lines.TryGetValue(line, out var index))
                    {
                        var tab = line.IndexOf('\t');
                        index = IndexOf(new Figure(line[..tab].ToString(), line[(tab + 1)..].ToString()));
                        lines[line] = index;
                    }

                    indices.Add(index);
                }
            }

            return [.. indices];
        }

        var figuresOf = people.ToDictionary(c => c.EmployeeId, IndicesOf);
        var questionOf = measures.Select(m => QuestionOf(m.Measure)).ToArray();

        // The answerers of each question; everyone answers the first.
        var member = people.ToDictionary(c => c.EmployeeId, c => new OrganisationCuts.Member(c.EmployeeId, c.UnitId!.Value, c.JobGroupId));
        var answerers = new Dictionary<string, List<OrganisationCuts.Member>>(StringComparer.Ordinal) { [Everyone] = [.. member.Values] };
        foreach (var (person, indices) in figuresOf)
        {
            foreach (var question in indices.Select(i => questionOf[i]).Where(q => q != Everyone).Distinct())
            {
                (answerers.TryGetValue(question, out var list) ? list : answerers[question] = []).Add(member[person]);
            }
        }

        // Questions answered by the same people are decided once.
        var shownFor = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var decidedFor = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        IReadOnlyList<CutDecision> everyone = [];
        foreach (var (question, members) in answerers)
        {
            var signature = string.Join(",", members.Select(m => m.PersonId).Order());
            if (!decidedFor.TryGetValue(signature, out var shown))
            {
                var decisions = SmallGroups.Decide(parentOf, members, threshold);
                if (question == Everyone)
                {
                    everyone = decisions;
                }

                decidedFor[signature] = shown = decisions.Where(d => d.Shown).Select(d => d.Cut.Key).ToHashSet(StringComparer.Ordinal);
            }

            shownFor[question] = shown;
        }

        var groups = new List<Group>();
        foreach (var decision in everyone)
        {
            if (!decision.Shown)
            {
                groups.Add(new Group(decision.Cut.Key, decision.Reason, decision.Against, null, [], []));
                continue;
            }

            var counts = new int[measures.Count];
            foreach (var person in decision.Cut.People)
            {
                foreach (var index in figuresOf[person])
                {
                    counts[index]++;
                }
            }

            var key = decision.Cut.Key;
            groups.Add(new Group(key, Suppression.None, null, decision.Cut.People.Count, [.. measures.Index()
                .Where(m => counts[m.Index] > 0 && shownFor.GetValueOrDefault(questionOf[m.Index])?.Contains(key) == true)
                .Select(m => new Answer(m.Item.Measure, m.Item.Value, counts[m.Index]))],
                [.. shownFor.Where(q => q.Key != Everyone && q.Value.Contains(key)).Select(q => q.Key).Order(StringComparer.Ordinal)]));
        }

        return new RoundReport(threshold, people.Count, groups);
    }

    private sealed record Published(int Threshold, int People, IReadOnlyList<Group> Groups);

    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The published form: the groups and their totals, nobody's answers.</summary>
    public string Write() => System.Text.Json.JsonSerializer.Serialize(new Published(Threshold, PeopleCounted, Groups), Json);

    public static RoundReport Read(string published)
    {
        var stored = System.Text.Json.JsonSerializer.Deserialize<Published>(published, Json)!;
        return new RoundReport(stored.Threshold, stored.People, stored.Groups);
    }
}

/// <summary>A shown cut's figures: <see cref="People"/> counted, and how many times each answer was given.</summary>
public sealed record CutFigures(int People, IReadOnlyDictionary<Figure, int> Counts)
{
    /// <summary>The questions whose figures are shown for this group (<see cref="RoundReport.QuestionOf"/>); the rest had too few answers.</summary>
    public IReadOnlySet<string> Questions { get; init; } = new HashSet<string>();

    /// <summary>Whether <paramref name="measure"/>'s figure is shown here: false when too few in the group answered its question.</summary>
    public bool Shows(string measure) => RoundReport.QuestionOf(measure) is var question && (question == RoundReport.Everyone || Questions.Contains(question));

    public int Count(string measure, string value) => Counts.GetValueOrDefault(new Figure(measure, value));

    /// <summary>The answers given to measures that start with <paramref name="prefix"/>, grouped by what follows it.</summary>
    public IEnumerable<IGrouping<string, KeyValuePair<Figure, int>>> Under(string prefix) =>
        Counts.Where(c => c.Key.Measure.StartsWith(prefix, StringComparison.Ordinal)).GroupBy(c => c.Key.Measure[prefix.Length..]);

    public IReadOnlyDictionary<string, int> Values(string measure) =>
        Counts.Where(c => c.Key.Measure == measure).ToDictionary(c => c.Key.Value, c => c.Value);
}
