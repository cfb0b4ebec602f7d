namespace Mus.Web.Infrastructure.Localization;

/// <summary>
/// Danish and English both say "1 person" and "2 personer / 2 people": a text with a count has a second
/// resource, its key with ".One", for exactly one. Only the count decides; every argument is passed on.
/// </summary>
public static class Plurals
{
    public const string OneSuffix = ".One";

    public static LocalizedString Plural(this IStringLocalizer localizer, string key, int count, params object[] arguments) =>
        localizer[count == 1 ? key + OneSuffix : key, arguments];
}
