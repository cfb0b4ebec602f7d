using System.Runtime.CompilerServices;

namespace Mus.Tests.Infrastructure;

/// <summary>Settings for the whole test process, applied before any test runs.</summary>
internal static class TestProcessSettings
{
    /// <summary>
    /// Hundreds of application hosts start in one test run. Each would watch its configuration
    /// files with inotify, and Linux allows 128 watchers per user: tests then failed at random once
    /// the suite grew. Configuration is not reloaded in tests, and file providers poll.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
