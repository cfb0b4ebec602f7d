namespace Mus.Tests.Infrastructure;

/// <summary>
/// A class fixture that prepares one application per database provider, the first time a test asks
/// for it, and disposes them all at the end.
/// </summary>
public abstract class PerProvider<T>(Func<string, Task<T>> prepare, Func<T, MusApp> appOf) : IAsyncDisposable
{
    private readonly Dictionary<string, Task<T>> prepared = [];

    public Task<T> ForAsync(string provider)
    {
        lock (prepared)
        {
            if (!prepared.TryGetValue(provider, out var value))
            {
                prepared[provider] = value = prepare(provider);
            }

            return value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var value in prepared.Values.Where(t => t.IsCompletedSuccessfully))
        {
            await appOf(await value).DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
