namespace Mus.Web.Infrastructure.Audit;

/// <summary>The reads of a request could not be recorded, so what was read is not sent.</summary>
public sealed class AuditUnavailableException(Exception inner)
    : Exception("The reads of this request could not be recorded; the content is withheld.", inner);
