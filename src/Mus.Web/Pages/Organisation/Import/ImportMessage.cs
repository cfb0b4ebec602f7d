namespace Mus.Web.Pages.Organisation.Import;

/// <summary>
/// A problem found in an import file: the line it is on (1 is the header; null for the whole
/// file), a resource key and its arguments, so the page and the CLI can show it in the user's language.
/// </summary>
public sealed record ImportMessage(int? Line, string Key, params object[] Arguments);
