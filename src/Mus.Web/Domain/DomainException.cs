namespace Mus.Web.Domain;

/// <summary>
/// An attempt to break a rule of the domain. The message is a resource key, so the web layer can
/// show it to the user in their language instead of failing with a 500.
/// </summary>
public sealed class DomainException(string messageKey) : Exception(messageKey)
{
    public string MessageKey { get; } = messageKey;
}
