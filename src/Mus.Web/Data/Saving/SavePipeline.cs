using Microsoft.EntityFrameworkCore.Diagnostics;
using Mus.Web.Data.Derived;

namespace Mus.Web.Data.Saving;

/// <summary>
/// What every save goes through, one interceptor per concern, in the order that matters: versions
/// move first (a compartment's new content marks it changed), the figures are taken out of the content
/// before sealing forgets it, the content is sealed to its final version, the request's reads and
/// changes go in as audit rows, and last, a refusal that is not a conflict is named for what it is
/// (last, because an exception thrown there ends the others' clean-up).
/// </summary>
public static class SavePipeline
{
    public static readonly IInterceptor[] Interceptors =
    [
        new VersionInterceptor(),
        new FiguresInterceptor(),
        new SealingInterceptor(),
        new AuditInterceptor(),
        new StorageErrorInterceptor(),
    ];
}
