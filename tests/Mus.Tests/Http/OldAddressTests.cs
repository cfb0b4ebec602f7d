using System.Net;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Http;

/// <summary>
/// Addresses MUS used before its pages moved: links in mails already sent, bookmarks, and a form left
/// open during an upgrade still arrive, each sent on with its method and query to the new address.
/// </summary>
public sealed class OldAddressTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    [Fact]
    public async Task AnOldPreparationLink_LeadsToTheConversationsPreparation()
    {
        var conversation = (await AccessMatrix.Ids.LoadAsync(shared.App)).Conversation;
        var ida = await shared.App.SignedInAsync(DemoPeople.Employee);

        var moved = await ida.GetAsync($"/preparation/{conversation}");

        Assert.Equal(HttpStatusCode.PermanentRedirect, moved.StatusCode);
        Assert.Equal($"/conversations/{conversation}/preparation", moved.Headers.Location!.OriginalString);
        var page = await ida.GetAsync(moved.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("preparation-form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResetLinkFromAnOlderMail_KeepsItsCode_AndNeverNamesAnotherHost()
    {
        var client = shared.App.CreateBrowserlikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/ResetPassword?code=abc%2Bdef&email=ida%40example.dk");
        request.Headers.Host = "localhost";

        var moved = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PermanentRedirect, moved.StatusCode);
        Assert.Equal("/sign-in/reset-password?code=abc%2Bdef&email=ida%40example.dk", moved.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASignInFormOpenBeforeTheUpgrade_StillSignsIn()
    {
        var client = shared.App.CreateBrowserlikeClient();
        var (_, values) = await client.ReadFormAsync("/sign-in");
        values["Input.Email"] = DemoPeople.Employee;
        values["Input.Password"] = DemoOrganisation.Password;

        var moved = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.PermanentRedirect, moved.StatusCode);
        Assert.Equal("/sign-in", moved.Headers.Location!.OriginalString);

        // What a browser does with a 308: the same post, to the new address.
        var signedIn = await client.PostAsync(moved.Headers.Location, new FormUrlEncodedContent(values));
        Assert.Equal("/", signedIn.Location());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Profile")).StatusCode);
    }
}
