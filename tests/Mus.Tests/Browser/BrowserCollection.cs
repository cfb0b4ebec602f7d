namespace Mus.Tests.Browser;

/// <summary>Browser tests run on their own, not beside the database tests: on two cores a busy machine makes page loads slow and timings flaky.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "Browser";
}
