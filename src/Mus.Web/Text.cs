namespace Mus.Web;

/// <summary>
/// Marker for the one resource set of user-visible text: <c>Resources/Text.resx</c> (Danish, the
/// default) and <c>Resources/Text.en.resx</c> (English). Pages get it as <c>T</c>.
/// </summary>
public sealed class Text;
