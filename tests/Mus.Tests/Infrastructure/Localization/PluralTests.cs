using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Mus.Tests.Infrastructure;
using Mus.Web;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Tests.Infrastructure.Localization;

/// <summary>"1 medarbejder", "2 medarbejdere"; "1 person", "2 people": a count of one reads as one.</summary>
public sealed class PluralTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    [Theory]
    [InlineData("da", 1, "Du holder MUS med 1 medarbejder.")]
    [InlineData("da", 2, "Du holder MUS med 2 medarbejdere.")]
    [InlineData("en", 1, "You hold MUS with 1 employee.")]
    [InlineData("en", 0, "You hold MUS with 0 employees.")]
    public void ACount_PicksItsForm_InEachLanguage(string language, int count, string expected)
    {
        var text = shared.App.Services.GetRequiredService<IStringLocalizer<Text>>();

        var said = LocalizationRegistration.In(LocalizationRegistration.CultureOf(language), () => text.Plural("Start.Leader.Lead", count, count).Value);

        Assert.Equal(expected, said);
    }

    [Fact]
    public void EveryOneForm_HasItsOtherForm_InBothLanguages()
    {
        var keys = new[] { "Text.resx", "Text.en.resx" }
            .Select(file => XDocument.Load(RepositoryFiles.PathOf("src", "Mus.Web", "Resources", file)).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet())
            .ToList();
        var ones = keys[0].Where(k => k.EndsWith(Plurals.OneSuffix, StringComparison.Ordinal)).ToList();

        Assert.Contains("Mail.RoundOpened.Leader.Subject.One", ones);
        Assert.All(ones, one =>
        {
            Assert.Contains(one, keys[1]);
            Assert.Contains(one[..^Plurals.OneSuffix.Length], keys[0]);
        });
        Assert.Equal(ones.Order(), keys[1].Where(k => k.EndsWith(Plurals.OneSuffix, StringComparison.Ordinal)).Order());
    }
}
