namespace Mus.Web.Domain.Statistics;

/// <summary>
/// The countable answers of one conversation, a column per compartment they come from, each sealed
/// under the key-encryption key and bound to its conversation and compartment (see ADR 12). One row
/// per conversation keeps the round report to one read of 25,000 short rows; a column per compartment
/// lets the employee's and the leader's saves write at once without meeting. Destroying a compartment
/// empties its column; opting out of statistics deletes the row.
/// </summary>
public class ConversationFigures
{
    public int ConversationId { get; set; }

    public byte[]? EmployeePreparation { get; set; }

    public byte[]? LeaderPreparation { get; set; }

    public byte[]? SharedNotes { get; set; }

    public byte[]? Plan { get; set; }

    public byte[]? EmployeeEvaluation { get; set; }

    public byte[]? LeaderEvaluation { get; set; }

    /// <summary>The column a compartment's figures are kept in (the column has the compartment's name).</summary>
    public static string Column(PartKind kind) => Figures.Counts(kind) ? kind.ToString() : throw new ArgumentOutOfRangeException(nameof(kind), kind, "This compartment holds nothing that is counted.");

    public IEnumerable<(PartKind Kind, byte[] Sealed)> Sealed()
    {
        (PartKind, byte[]?)[] columns =
        [
            (PartKind.EmployeePreparation, EmployeePreparation), (PartKind.LeaderPreparation, LeaderPreparation), (PartKind.SharedNotes, SharedNotes),
            (PartKind.Plan, Plan), (PartKind.EmployeeEvaluation, EmployeeEvaluation), (PartKind.LeaderEvaluation, LeaderEvaluation),
        ];
        return columns.Where(c => c.Item2 is not null).Select(c => (c.Item1, c.Item2!));
    }
}
