namespace Mus.Web.Infrastructure.Jobs;

/// <summary>
/// When a periodic job (the retention sweep, the reminder scan) is next due, for every instance at once.
/// Each instance's timer asks; the one whose conditional UPDATE moves <see cref="NextRunAt"/> forward
/// runs the job, the others find it not yet due. Three instances started together therefore sweep once,
/// not three times. A run that dies half-way is taken again at the next interval: both jobs are written
/// so that finishing an interrupted run does each item once.
/// </summary>
public class JobTurn
{
    public const int NameMaxLength = 50;

    public required string Name { get; set; }

    public DateTime NextRunAt { get; set; }

    /// <summary>
    /// True if this instance should run <paramref name="name"/> now (and it is then next due an
    /// <paramref name="interval"/> later). The interval is shortened by a minute so that the instance that
    /// ran last time does not miss its own next tick by a timer's jitter.
    /// </summary>
    public static async Task<bool> TakeAsync(AppDbContext db, string name, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        var next = at + interval - TimeSpan.FromMinutes(Math.Min(1, interval.TotalMinutes / 2));
        if (await db.JobTurns.Where(j => j.Name == name && j.NextRunAt <= at).ExecuteUpdateAsync(set => set.SetProperty(j => j.NextRunAt, next), cancellationToken) == 1)
        {
            return true;
        }

        if (await db.JobTurns.AnyAsync(j => j.Name == name, cancellationToken))
        {
            return false;
        }

        // The job's first run ever: whoever inserts its row runs it.
        db.JobTurns.Add(new JobTurn { Name = name, NextRunAt = next });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
