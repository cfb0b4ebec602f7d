using NetArchTest.Rules;

namespace Mus.Tests.Architecture;

/// <summary>
/// The floors of the house, read from the compiled assembly (every type reference, method bodies
/// included): the lower floors never call upstairs, and the rules stand on their own.
/// </summary>
public sealed class FloorPlanTests
{
    private static readonly System.Reflection.Assembly App = typeof(Mus.Web.Data.AppDbContext).Assembly;

    [Theory]
    [InlineData("Mus.Web.Domain", "Mus.Web.Pages")]
    [InlineData("Mus.Web.Data", "Mus.Web.Pages")]
    [InlineData("Mus.Web.Infrastructure", "Mus.Web.Pages")]
    [InlineData("Mus.Web.Domain", "Mus.Web.Api")]
    [InlineData("Mus.Web.Data", "Mus.Web.Api")]
    [InlineData("Mus.Web.Infrastructure", "Mus.Web.Api")]
    [InlineData("Mus.Web.Data", "Mus.Web.Demo")]
    [InlineData("Mus.Web.Infrastructure", "Mus.Web.Demo")]
    public void ALowerFloor_UsesNoTypeFromUpstairs(string floor, string upstairs)
    {
        Assert.NotEmpty(Types.InAssembly(App).That().ResideInNamespace(floor).GetTypes());
        var result = Types.InAssembly(App).That().ResideInNamespace(floor).ShouldNot().HaveDependencyOn(upstairs).GetResult();
        Assert.True(result.IsSuccessful, $"{floor} uses {upstairs} in: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [InlineData("Mus.Web.Data")]
    [InlineData("Mus.Web.Infrastructure")]
    [InlineData("Mus.Web.Api")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.AspNetCore")]
    public void TheDomain_StandsOnItsOwn(string dependency)
    {
        var result = Types.InAssembly(App).That().ResideInNamespace("Mus.Web.Domain").ShouldNot().HaveDependencyOn(dependency).GetResult();
        Assert.True(result.IsSuccessful, $"Domain uses {dependency} in: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [InlineData("Mus.Web.Pages")]
    [InlineData("Mus.Web.Api")]
    [InlineData("Mus.Web.Domain")]
    [InlineData("Mus.Web.Data")]
    public void SettingsAreReadOneWay_NeverFromTheRawConfiguration(string floor)
    {
        // A section is bound, completed and checked by AddSettings (Infrastructure/Settings) and served as its
        // class; only the few process-level settings (the public address, proxies, data directory) read it raw.
        var result = Types.InAssembly(App).That().ResideInNamespace(floor)
            .And().DoNotHaveNameEndingWith("Registration")
            .ShouldNot().HaveDependencyOn("Microsoft.Extensions.Configuration.IConfiguration").GetResult();
        Assert.True(result.IsSuccessful, $"{floor} reads the raw configuration in: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void TheTest_SeesAReferenceUpstairs()
    {
        // The rule is only worth something if it can fail: the pages do use the data context.
        var result = Types.InAssembly(App).That().ResideInNamespace("Mus.Web.Pages").ShouldNot().HaveDependencyOn("Mus.Web.Data").GetResult();
        Assert.False(result.IsSuccessful);
    }
}
