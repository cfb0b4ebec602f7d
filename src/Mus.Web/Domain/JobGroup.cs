namespace Mus.Web.Domain;

/// <summary>A group of jobs sharing a competence standard (for example "Pædagoger").</summary>
public class JobGroup : IVersioned
{
    public const int NameMaxLength = 200;

    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The competence standard as JSON; read and written through <see cref="Competences"/> and <see cref="SetStandard"/>.</summary>
    public string Standard { get; private set; } = "[]";

    public IReadOnlyList<Competence> Competences => Competence.ReadStandard(Standard);

    public long Version { get; set; }

    /// <summary>HR replaces the standard as a whole; a standard that breaks a rule is refused.</summary>
    public void SetStandard(IReadOnlyList<Competence> competences)
    {
        if (Competence.Problems(competences).FirstOrDefault() is { } problem)
        {
            throw new DomainException(problem);
        }

        Standard = Competence.WriteStandard(competences);
    }
}
