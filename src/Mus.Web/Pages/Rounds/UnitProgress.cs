namespace Mus.Web.Pages.Rounds;

/// <summary>
/// A round's progress per unit, each unit counted with its sub-units, in the order of the unit tree.
/// Counts only (status, ready, held, plan approved), never content. Two grouped queries whatever the
/// size of the round; the tree is summed in memory.
/// </summary>
public static class UnitProgress
{
    /// <summary>One unit's figures, its own people and those of every unit below it.</summary>
    /// <param name="Depth">0 for a unit whose parent is not in the round.</param>
    public sealed record Row(int UnitId, string Name, int Depth, int Total, int Ready, int Held, int PlanApproved, int Declined, int Excused)
    {
        /// <summary>Those who take part: not excused and not declined.</summary>
        public int Taking => Total - Declined - Excused;

        /// <summary>Preparing and ready, not yet held.</summary>
        public int ReadyNotHeld => Math.Max(0, Ready - Held);

        public int NotYet => Math.Max(0, Taking - Held - ReadyNotHeld);

        public Row Plus(Row other) => this with
        {
            Total = Total + other.Total,
            Ready = Ready + other.Ready,
            Held = Held + other.Held,
            PlanApproved = PlanApproved + other.PlanApproved,
            Declined = Declined + other.Declined,
            Excused = Excused + other.Excused,
        };
    }

    public static async Task<IReadOnlyList<Row>> ForAsync(AppDbContext db, int roundId, CancellationToken cancellationToken = default)
    {
        var inRound = db.Conversations.Where(c => c.RoundId == roundId);
        var counts = await inRound
            .GroupBy(c => c.Employee!.OrgUnitId)
            .Select(g => new
            {
                Unit = g.Key,
                Total = g.Count(),
                Held = g.Count(c => c.Status == ConversationStatus.Held),
                PlanApproved = g.Count(c => c.PlanApprovedAt != null),
                Declined = g.Count(c => c.Status == ConversationStatus.Declined),
                Excused = g.Count(c => c.Status == ConversationStatus.Excused),
            })
            .ToListAsync(cancellationToken);
        // Ready: the employee marked the preparation ready (held ones count as ready too: they got that far).
        var ready = await inRound
            .Where(c => c.Status == ConversationStatus.Held
                || c.Status == ConversationStatus.Preparing && db.ConversationParts.Any(p => p.ConversationId == c.Id && p.Kind == PartKind.EmployeePreparation && p.ReadyAt != null))
            .GroupBy(c => c.Employee!.OrgUnitId)
            .Select(g => new { Unit = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Unit, g => g.Count, cancellationToken);

        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.Name, u.ParentId }).ToListAsync(cancellationToken);
        var roundUnits = (await db.RoundUnits.Where(u => u.RoundId == roundId).Select(u => u.OrgUnitId).ToListAsync(cancellationToken)).ToHashSet();
        // People may have moved to a unit outside the round's since it opened: their unit is shown too.
        roundUnits.UnionWith(counts.Select(c => c.Unit));
        var own = counts.ToDictionary(c => c.Unit, c => new Row(c.Unit, "", 0, c.Total, ready.GetValueOrDefault(c.Unit), c.Held, c.PlanApproved, c.Declined, c.Excused));
        var children = units.Where(u => roundUnits.Contains(u.Id)).ToLookup(u => u.ParentId is { } parent && roundUnits.Contains(parent) ? parent : (int?)null);

        var rows = new List<Row>();
        Row Visit(int id, string name, int depth)
        {
            var index = rows.Count;
            rows.Add(null!);
            var sum = own.GetValueOrDefault(id) ?? new Row(id, name, depth, 0, 0, 0, 0, 0, 0);
            foreach (var child in children[id].OrderBy(u => u.Name, StringComparer.CurrentCulture))
            {
                sum = sum.Plus(Visit(child.Id, child.Name, depth + 1));
            }

            rows[index] = sum with { UnitId = id, Name = name, Depth = depth };
            return rows[index];
        }

        foreach (var top in children[null].OrderBy(u => u.Name, StringComparer.CurrentCulture))
        {
            Visit(top.Id, top.Name, 0);
        }

        return rows;
    }
}
