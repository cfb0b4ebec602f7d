using Mus.Web.Infrastructure.Auth.SingleSignOn;

namespace Mus.Tests.Pages.SignIn;

/// <summary>Settings that cannot work stop MUS at start with the setting's name (Program turns that into one line and exit code 2).</summary>
public sealed class SingleSignOnOptionsTests
{
    private static SingleSignOnOptions Good() => new() { Authority = "https://login.microsoftonline.com/tenant/v2.0", ClientId = "client" };

    [Fact]
    public void WithoutAnAuthority_SingleSignOnIsOff_AndNothingElseIsAsked()
    {
        var options = new SingleSignOnOptions { ClientId = null, MatchOn = "nonsense" };
        Assert.Empty(options.Problems());
        Assert.False(options.Enabled);
    }

    [Fact]
    public void AGoodConfiguration_Passes()
    {
        Assert.Empty(Good().Problems());
        Assert.Empty(new SingleSignOnOptions { Authority = "http://127.0.0.1:5001", ClientId = "c", MatchOn = "employeenumber", MatchClaim = "employeeid" }.Problems());
    }

    [Theory]
    [InlineData("http://login.example.dk", null, null, null, "SingleSignOn:Authority")]
    [InlineData("not an address", null, null, null, "SingleSignOn:Authority")]
    [InlineData(null, "", null, null, "SingleSignOn:ClientId")]
    [InlineData(null, null, "Name", null, "SingleSignOn:MatchOn")]
    [InlineData(null, null, null, " ", "SingleSignOn:MatchClaim")]
    public void ASettingThatCannotWork_IsNamed(string? authority, string? clientId, string? matchOn, string? matchClaim, string named)
    {
        var options = Good();
        options.Authority = authority ?? options.Authority;
        options.ClientId = clientId ?? options.ClientId;
        options.MatchOn = matchOn ?? options.MatchOn;
        options.MatchClaim = matchClaim ?? options.MatchClaim;

        var problem = Assert.Single(options.Problems());
        Assert.StartsWith(named, problem, StringComparison.Ordinal);
    }
}
