namespace Mus.Web.Domain;

/// <summary>
/// An entity that two people can edit at once. <see cref="Version"/> is a concurrency token that
/// the database context bumps on every update, so a save based on a stale copy fails instead of
/// silently overwriting someone else's change.
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}
