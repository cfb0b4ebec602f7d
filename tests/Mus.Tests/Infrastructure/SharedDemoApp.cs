namespace Mus.Tests.Infrastructure;

/// <summary>One demo application for a test class whose tests only read.</summary>
public sealed class SharedDemoApp : IAsyncLifetime
{
    public MusApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
