namespace Mus.Web.Domain;

/// <summary>A unit in the organisation tree (department, section, team).</summary>
public class OrgUnit : IVersioned
{
    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 200;

    public int Id { get; set; }

    /// <summary>The organisation's own key for the unit; the CSV import refers to units by it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public int? ParentId { get; set; }

    public OrgUnit? Parent { get; set; }

    public List<OrgUnit> Children { get; } = [];

    public long Version { get; set; }
}
