namespace Mus.Web.Pages.Shared;

/// <summary>
/// Previous / "page 2 of 40" / next under a list shown in pages. Links keep the rest of the
/// address's query and change only <paramref name="Parameter"/>; <paramref name="Anchor"/> brings
/// the reader back to the list's heading.
/// </summary>
public sealed record Pager(int Page, int Pages, string Parameter, string? Anchor = null);
