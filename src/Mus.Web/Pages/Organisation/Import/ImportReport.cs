namespace Mus.Web.Pages.Organisation.Import;

/// <summary>A person whose recorded details differ from the file; <see cref="Fields"/> are the resource keys of what changed.</summary>
public sealed record PersonChange(string EmployeeNumber, string Name, IReadOnlyList<string> Fields);

/// <summary>A person who gets a different leader. Listed on its own: a change of leader has consequences for confidentiality.</summary>
public sealed record LeaderChange(int PersonId, string EmployeeNumber, string Name, int? FormerLeaderId, string? FormerLeaderNumber, string? NewLeaderNumber);

/// <summary>
/// What an import found and did. When <see cref="Errors"/> is not empty, nothing was saved, unless
/// <see cref="Partial"/>: then a concurrent change stopped it after some batches were written.
/// </summary>
public sealed class ImportReport
{
    public IReadOnlyList<ImportMessage> Errors { get; init; } = [];

    public IReadOnlyList<string> Added { get; init; } = [];

    public IReadOnlyList<PersonChange> Updated { get; init; } = [];

    public IReadOnlyList<LeaderChange> LeaderChanges { get; init; } = [];

    public IReadOnlyList<string> NewJobGroups { get; init; } = [];

    public int Unchanged { get; init; }

    public bool Partial { get; init; }

    public bool Succeeded => Errors.Count == 0;

    public bool ChangedAnything => Added.Count + Updated.Count + LeaderChanges.Count + NewJobGroups.Count > 0;

    public static ImportReport Failed(IEnumerable<ImportMessage> errors) => new() { Errors = errors.ToList() };
}
