namespace Mus.Web.Domain;

/// <summary>A group of jobs sharing a competence standard (for example "Pædagoger").</summary>
public class JobGroup : IVersioned
{
    public const int NameMaxLength = 200;

    public int Id { get; set; }

    public required string Name { get; set; }

    public long Version { get; set; }
}
