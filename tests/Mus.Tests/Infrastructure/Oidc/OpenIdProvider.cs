using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Mus.Tests.Infrastructure.Processes;

namespace Mus.Tests.Infrastructure.Oidc;

/// <summary>
/// A real OpenID provider on loopback: npm's oidc-provider under node (provider/provider.mjs,
/// installed by the test script). Who signs in there next is told with <see cref="WillSignInAsync"/>,
/// as if that person typed their credentials on the provider's page.
/// </summary>
public sealed class OpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "mus-test";
    public const string ClientSecret = "a-client-secret-of-the-test-provider-only";

    private readonly Process process;
    private readonly HttpClient control;

    private OpenIdProvider(Process process, int port)
    {
        this.process = process;
        Port = port;
        control = new HttpClient { BaseAddress = new Uri(Authority) };
    }

    public int Port { get; }

    public string Authority => $"http://127.0.0.1:{Port}";

    /// <summary>The settings that point MUS at this provider (MUS's public address is <see cref="MusApp.PublicUrl"/>).</summary>
    public static Dictionary<string, string?> Settings(int port, string matchOn = "Email", string matchClaim = "email") => new()
    {
        ["SingleSignOn:Authority"] = $"http://127.0.0.1:{port}",
        ["SingleSignOn:ClientId"] = ClientId,
        ["SingleSignOn:ClientSecret"] = ClientSecret,
        ["SingleSignOn:Scopes"] = "openid email profile employee",
        ["SingleSignOn:MatchOn"] = matchOn,
        ["SingleSignOn:MatchClaim"] = matchClaim,
        ["SingleSignOn:DisplayName"] = "Testudbyderen",
        ["SingleSignOn:TimeoutSeconds"] = "5",
    };

    /// <param name="port">A port of the caller's choice (to start it where MUS already looks), or a free one.</param>
    /// <param name="musAddress">Where MUS is reached, for the addresses it may send people back to.</param>
    public static async Task<OpenIdProvider> StartAsync(int? port = null, string musAddress = MusApp.PublicUrl)
    {
        var folder = Folder();
        var chosen = port ?? FreePort.Next();
        var process = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { "provider.mjs", chosen.ToString(System.Globalization.CultureInfo.InvariantCulture), ClientId, ClientSecret, musAddress + "/signin-oidc", musAddress + "/signout-callback-oidc" },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("node did not start.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == "ready")
            {
                return new OpenIdProvider(process, chosen);
            }
        }

        throw new InvalidOperationException($"The test OpenID provider did not start: {errors}");
    }

    /// <summary>The next sign-in at the provider is this person's, with these claims.</summary>
    public async Task WillSignInAsync(string subject, object claims) =>
        (await control.PostAsJsonAsync("/test/next", new { sub = subject, claims })).EnsureSuccessStatusCode();

    /// <summary>The next sign-in at the provider ends in this OAuth error (e.g. "access_denied").</summary>
    public async Task WillRefuseAsync(string error) =>
        (await control.PostAsJsonAsync("/test/next", new { error })).EnsureSuccessStatusCode();

    /// <summary>How many sign-ins the provider performed and how many of its sessions were ended by sign-out.</summary>
    public async Task<(int Logins, int Logouts)> SeenAsync()
    {
        var seen = await control.GetFromJsonAsync<JsonElement>("/test/seen");
        return (seen.GetProperty("logins").GetInt32(), seen.GetProperty("logouts").GetInt32());
    }

    private static string Folder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Mus.Tests", "Infrastructure", "Oidc", "provider");
            if (File.Exists(Path.Combine(candidate, "provider.mjs")))
            {
                return File.Exists(Path.Combine(candidate, "node_modules", "oidc-provider", "package.json"))
                    ? candidate
                    : throw new InvalidOperationException($"oidc-provider is not installed in {candidate}: scripts/test.sh runs npm ci there.");
            }
        }

        throw new InvalidOperationException("tests/Mus.Tests/Infrastructure/Oidc/provider was not found above the test assembly.");
    }

    public async ValueTask DisposeAsync()
    {
        control.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
