namespace Mus.Tests.Infrastructure;

/// <summary>
/// Tests that measure time (how long a wrong password takes, how long a read waits during an
/// import) run on their own, after the parallel ones: on two cores other tests would be measured too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}
