using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Mus.Web.Domain.Statistics;
using Mus.Web.Infrastructure.Crypto;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Statistics;

/// <summary>
/// What a round produced, counted for every cut at once: the held conversations (not opted out),
/// each counted where the employee was when the round opened (unit and job group); the cuts each unit
/// with its sub-units and each job group, and no other (a leader's page shows their unit's); the rule of
/// five decided over all of them together (<see cref="SmallGroups"/>), so that no two figures anyone can
/// see can be set beside each other to tell about one person. Figures are given only for shown cuts.
/// </summary>
public sealed class RoundReport
{
    /// <summary>Whether a held conversation was held by the round's conversation deadline (a figure of its own, from dates).</summary>
    public const string HeldOnTime = "held-on-time";

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

    /// <summary>One held conversation as counted: where the employee was when the round opened, and its figures.</summary>
    public sealed record Counted(int EmployeeId, int? UnitId, int? JobGroupId, IEnumerable<Figure> Figures)
    {
        /// <summary>More figures as stored (<see cref="Figures.Encode"/>), read without making a <see cref="Figure"/> of each line: a large round has hundreds of thousands.</summary>
        public IReadOnlyList<string> Encoded { get; init; } = [];
    }

    /// <param name="onlyFiguresOfUnit">
    /// For a leader's page: every cut is still decided (the rule holds across all pages), but only the
    /// figures of the people in this unit and below are read and opened.
    /// </param>
    public static async Task<RoundReport> CountAsync(AppDbContext db, CompartmentCipher cipher, int roundId, int threshold, int? onlyFiguresOfUnit = null, CancellationToken cancellationToken = default)
    {
        var deadline = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.ConversationDeadline).SingleAsync(cancellationToken);
        var parentOf = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ParentId, cancellationToken);
        var units = onlyFiguresOfUnit is { } unit ? OrganisationCuts.AtOrBelow(parentOf, unit) : null;

        // A leader's page: the round's decisions as last made, if nothing they depend on has changed since.
        threshold = SmallGroups.Threshold(threshold);
        var cache = db.GetService<RoundDecisions>();
        var fingerprint = units is null ? null : await RoundDecisions.FingerprintAsync(db, roundId, cancellationToken);
        if (fingerprint is not null && cache.Kept(roundId, threshold, fingerprint) is { } kept)
        {
            var counted = Open(cipher, await ReadHeldAsync(db, roundId, units, cancellationToken, onlyThoseUnits: true), deadline);
            // The people read now must be the unit's people as decided (a change between the fingerprint
            // and the read would show here): then its figures are exactly those the full count gives.
            var cut = kept.FirstOrDefault(d => d.Cut.Key == OrganisationCuts.UnitKey(onlyFiguresOfUnit!.Value))?.Cut;
            if (cut is not null && cut.People.SetEquals(counted.Select(c => c.EmployeeId)))
            {
                return Build(threshold, counted, kept);
            }
        }

        var full = Build(threshold, parentOf, Open(cipher, await ReadHeldAsync(db, roundId, units, cancellationToken), deadline));
        if (fingerprint is not null)
        {
            cache.Keep(roundId, threshold, fingerprint, full.Decisions);
        }

        return full;
    }

    private static List<Counted> Open(CompartmentCipher cipher, List<HeldRow> held, DateOnly deadline)
    {
        // Opening is the costly part (a hundred thousand small ciphertexts for a large round): both halves
        // of the round at once, each with its own cipher. Figures that do not open (altered or moved in
        // the database) are not counted.
        var opened = new string?[held.Count][];
        Parallel.ForEach(
            held.Count == 0 ? [] : System.Collections.Concurrent.Partitioner.Create(0, held.Count, (held.Count / Environment.ProcessorCount) + 1).GetDynamicPartitions(),
            range =>
            {
                using var opener = cipher.OpenFigures();
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var row = held[i];
                    opened[i] = [.. row.Sealed.Select(c => opener.Open(c.Sealed, row.ConversationId, c.Kind) is { } plain ? System.Text.Encoding.UTF8.GetString(plain) : null)];
                }
            });

        var counted = new List<Counted>(held.Count);
        for (var i = 0; i < held.Count; i++)
        {
            var row = held[i];
            var onTime = row.HeldAt is { } at && DateOnly.FromDateTime(DanishTime.ToLocal(at)) <= deadline;
            counted.Add(new Counted(row.EmployeeId, row.UnitId, row.JobGroupId, [new(HeldOnTime, onTime ? "yes" : "no")]) { Encoded = [.. opened[i].OfType<string>()] });
        }

        return counted;
    }

    private sealed record HeldRow(int ConversationId, int EmployeeId, int? UnitId, int? JobGroupId, DateTimeOffset? HeldAt, List<(PartKind Kind, byte[] Sealed)> Sealed);

    private static readonly PartKind[] Columns = [.. Enum.GetValues<PartKind>().Where(Figures.Counts)];

    // Read with a plain data reader: Entity Framework took three times as long to hand over a hundred
    // thousand small byte arrays as the database took to read them.
    /// <param name="onlyThoseUnits">Only the people of <paramref name="figuresOfUnits"/> (the decisions are known); else everyone, with figures for those.</param>
    private static async Task<List<HeldRow>> ReadHeldAsync(AppDbContext db, int roundId, IReadOnlySet<int>? figuresOfUnits, CancellationToken cancellationToken, bool onlyThoseUnits = false)
    {
        var columns = string.Concat(Columns.Select(kind => $", f.\"{ConversationFigures.Column(kind)}\""));
        // Unit ids are numbers from the database, written into the statement as numbers.
        var units = figuresOfUnits is null ? "" : $" AND c.\"UnitIdAtRound\" IN ({string.Join(",", figuresOfUnits.Select(u => u.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
        var join = onlyThoseUnits ? "" : units;
        var where = onlyThoseUnits ? units : "";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $$"""
                SELECT c."Id", c."EmployeeId", c."UnitIdAtRound", c."JobGroupIdAtRound", c."HeldAt"{{columns}}
                FROM "Conversations" c LEFT JOIN "ConversationFigures" f ON f."ConversationId" = c."Id"{{join}}
                WHERE c."RoundId" = @round AND c."Status" = 'Held' AND c."StatisticsOptOutAt" IS NULL{{where}}
                """;
            var round = command.CreateParameter();
            round.ParameterName = "@round";
            round.Value = roundId;
            command.Parameters.Add(round);
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var rows = new List<HeldRow>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                int? Number(int i) => reader.IsDBNull(i) ? null : Convert.ToInt32(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                var sealedColumns = new List<(PartKind, byte[])>(Columns.Length);
                for (var column = 0; column < Columns.Length; column++)
                {
                    if (!reader.IsDBNull(5 + column))
                    {
                        sealedColumns.Add((Columns[column], (byte[])reader.GetValue(5 + column)));
                    }
                }

                rows.Add(new HeldRow(
                    reader.GetInt32(0), reader.GetInt32(1), Number(2), Number(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    sealedColumns));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Decides every cut and keeps the figures to add up for the shown ones (no database: the rules' tests call it directly).</summary>
    public static RoundReport Build(int threshold, IReadOnlyDictionary<int, int?> parentOf, IReadOnlyCollection<Counted> held)
    {
        threshold = SmallGroups.Threshold(threshold);
        var members = held.Where(c => c.UnitId is { } unit && parentOf.ContainsKey(unit))
            .Select(c => new OrganisationCuts.Member(c.EmployeeId, c.UnitId!.Value, c.JobGroupId));
        return Build(threshold, held, SmallGroups.Decide(OrganisationCuts.Build(parentOf, members), threshold));
    }

    /// <summary>The figures of <paramref name="held"/> under decisions already made.</summary>
    private static RoundReport Build(int threshold, IReadOnlyCollection<Counted> held, IReadOnlyList<CutDecision> decisions)
    {

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

        return new RoundReport(threshold, held.ToDictionary(c => c.EmployeeId, IndicesOf), measures, decisions);
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
