using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Pages.SignIn;

/// <summary>Authenticator codes and recovery codes work once each, and the authenticator key is not readable in the database.</summary>
public sealed class TwoFactorAbuseTests : IAsyncLifetime
{
    private MusApp app = null!;

    public async ValueTask InitializeAsync() => app = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>Ida turns two-step sign-in on with the current code; returns her key and the recovery codes shown.</summary>
    private async Task<(string Key, IReadOnlyList<string> RecoveryCodes, DateTimeOffset EnabledAt)> EnableAsync()
    {
        var client = await app.SignedInAsync(DemoPeople.Employee);
        var key = (await client.GetPageAsync("/profile/twofactor")).QuerySelector("#shared-key")!.TextContent;
        var now = TestClock.UtcNow;
        var enabled = await client.PostFormAsync("/profile/twofactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, now) }, formAction: "handler=Enable");
        var codes = (await client.GetPageAsync(enabled.Location())).QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent).ToList();
        return (key, codes, now);
    }

    private async Task<(HttpClient Client, string SecondStep)> PasswordStepAsync()
    {
        var client = app.CreateBrowserlikeClient();
        var first = await client.PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoPeople.Employee,
            ["Input.Password"] = DemoOrganisation.Password,
        });
        return (client, first.Location());
    }

    private static async Task<bool> SignedInAsync(HttpClient client) => (await client.GetAsync("/start/employee")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task ACodeUsedToSwitchTwoStepOn_DoesNotSignIn_AndAnotherCodeSignsInOnlyOnce()
    {
        var (key, _, enabledAt) = await EnableAsync();

        var (replay, replayStep) = await PasswordStepAsync();
        await replay.PostFormAsync(replayStep, new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, enabledAt) });
        Assert.False(await SignedInAsync(replay));

        var next = Totp.Code(key, enabledAt.AddSeconds(30));
        var (first, firstStep) = await PasswordStepAsync();
        var (second, secondStep) = await PasswordStepAsync();
        await first.PostFormAsync(firstStep, new Dictionary<string, string> { ["Input.Code"] = next });
        var refused = await second.PostFormAsync(secondStep, new Dictionary<string, string> { ["Input.Code"] = next });

        Assert.True(await SignedInAsync(first));
        Assert.False(await SignedInAsync(second));
        Assert.Contains("passer ikke", (await refused.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameCode_SentByTwoSessionsAtOnce_SignsInOne()
    {
        var (key, _, enabledAt) = await EnableAsync();
        var code = Totp.Code(key, enabledAt.AddSeconds(30));
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PasswordStepAsync()));
        var forms = await Task.WhenAll(sessions.Select(s => s.Client.ReadFormAsync(s.SecondStep)));

        await Task.WhenAll(sessions.Zip(forms).Select(pair =>
        {
            pair.Second.Values["Input.Code"] = code;
            return pair.First.Client.PostAsync(pair.Second.Target, new FormUrlEncodedContent(pair.Second.Values));
        }));

        var signedIn = await Task.WhenAll(sessions.Select(s => SignedInAsync(s.Client)));
        Assert.Equal(1, signedIn.Count(s => s));
    }

    [Fact]
    public async Task ARecoveryCode_SignsInOnce_AndTheCodesAreShownOnceAndStoredAsHashes()
    {
        var (_, codes, _) = await EnableAsync();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());

        var (client, secondStep) = await PasswordStepAsync();
        var recoveryPage = secondStep.Replace("two-factor", "recovery-code", StringComparison.Ordinal);
        await client.PostFormAsync(recoveryPage, new Dictionary<string, string> { ["Input.Code"] = codes[3].ToLowerInvariant() });
        Assert.True(await SignedInAsync(client));

        var (again, againStep) = await PasswordStepAsync();
        var refused = await again.PostFormAsync(againStep.Replace("two-factor", "recovery-code", StringComparison.Ordinal), new Dictionary<string, string> { ["Input.Code"] = codes[3] });
        Assert.False(await SignedInAsync(again));
        Assert.Contains("allerede brugt", (await refused.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);

        // Shown once: the page now tells how many are left, not the codes.
        var page = await client.GetPageAsync("/Profile/RecoveryCodes");
        Assert.Empty(page.QuerySelectorAll("#recovery-codes code"));
        Assert.Contains("9 ubrugte", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.UserTokens.Where(t => t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync());
        Assert.Equal(9, stored!.Split(';').Length);
        Assert.All(codes, code => Assert.DoesNotContain(code, stored, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheAuthenticatorKey_IsNotReadableInTheDatabaseFile()
    {
        var (key, _, _) = await EnableAsync();
        var plain = key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Equal(32, plain.Length);

        var stored = await app.WithDbAsync(db => db.UserTokens.Where(t => t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync());
        Assert.StartsWith("sealed1:", stored, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(FULL)"));
        foreach (var file in Directory.GetFiles(app.Database.Directory, "mus.db*"))
        {
            var text = Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain(plain, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
