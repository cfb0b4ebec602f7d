namespace Mus.Web.Infrastructure.Retention;

/// <summary>
/// How long each kind of content is kept, in months, counted from when the conversation was held
/// (or created, if it never was); the audit from each row's own time. Section <c>Retention</c>.
/// </summary>
public sealed class RetentionOptions : Settings.ISettings
{
    public const string Section = "Retention";

    /// <summary>False: the sweep does not run on its own (an operator runs it, or the tests do).</summary>
    public bool Enabled { get; set; } = true;

    public int PreparationMonths { get; set; } = 24;

    public int SharedNotesMonths { get; set; } = 24;

    public int EvaluationMonths { get; set; } = 24;

    public int PlanMonths { get; set; } = 36;

    public int FollowUpsMonths { get; set; } = 36;

    public int ForwardedMonths { get; set; } = 36;

    public int AuditMonths { get; set; } = 13;

    /// <summary>
    /// On PostgreSQL set up as <c>docs/postgres-audit-role.sql</c> says, the application may not delete
    /// audit rows; this owner's function (e.g. <c>mus_purge_audit</c>) does it for rows past
    /// <see cref="AuditMonths"/>. Empty: the sweep deletes them itself.
    /// </summary>
    public string? AuditPurgeFunction { get; set; }

    /// <summary>How often the sweep runs.</summary>
    public double IntervalHours { get; set; } = 24;

    public IEnumerable<string> Problems()
    {
        if (Enabled && IntervalHours <= 0)
        {
            yield return $"{Section}:IntervalHours must be positive.";
        }
    }
}
