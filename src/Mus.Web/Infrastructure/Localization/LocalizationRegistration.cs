using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Mus.Web.Infrastructure.Http;

namespace Mus.Web.Infrastructure.Localization;

public static class LocalizationRegistration
{
    public static readonly CultureInfo Danish = new("da-DK");
    public static readonly CultureInfo English = new("en-GB");

    /// <summary>The culture of a person's language setting ("en" or, by default, Danish).</summary>
    public static CultureInfo CultureOf(string? language) => language == "en" ? English : Danish;

    /// <summary>
    /// Runs <paramref name="write"/> as if the request were in <paramref name="culture"/>: for text
    /// written to someone else (a mail in the recipient's language), away from the current request's.
    /// </summary>
    public static T In<T>(CultureInfo culture, Func<T> write)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            return write();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (previous, previousUi);
        }
    }

    /// <summary>Razor Pages with Danish as the default and English on request (cookie or <c>?culture=en-GB</c>).</summary>
    public static WebApplicationBuilder AddLocalizedPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        // Danish letters are written as they are instead of as &#xE6; entities; markup characters are still encoded.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services
            .AddRazorPages()
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Text)))
            .AddMvcOptions(options =>
            {
                LocalizeModelBindingMessages(options.ModelBindingMessageProvider);
                options.Filters.Add(new KnownHandlersOnly());
            });

        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Danish);
            options.SupportedCultures = options.SupportedUICultures = [Danish, English];
            // The browser's language is deliberately ignored: the product is Danish unless the user switches.
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CultureCookieName },
            ];
        });
        return builder;
    }

    public const string CultureCookieName = "mus.culture";

    // Model binding messages (e.g. a number field given letters) are not data annotations and need
    // their own hook; the localizer reads the current UI culture at the time of the request.
    private static void LocalizeModelBindingMessages(DefaultModelBindingMessageProvider messages)
    {
        var text = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }),
            NullLoggerFactory.Instance).Create(typeof(Text));

        messages.SetValueIsInvalidAccessor(value => text["Validation.ValueInvalid", value]);
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => text["Validation.ValueInvalid", value]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => text["Validation.ValueInvalid", value]);
        // Where the framework names no field (an empty number, say), the message names none either.
        messages.SetValueMustNotBeNullAccessor(_ => text["Validation.RequiredField"]);
        messages.SetMissingBindRequiredValueAccessor(field => text["Validation.Required", field]);
        messages.SetMissingKeyOrValueAccessor(() => text["Validation.RequiredField"]);
        messages.SetValueMustBeANumberAccessor(field => text["Validation.Number"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => text["Validation.Number"]);
        messages.SetUnknownValueIsInvalidAccessor(field => text["Validation.Required", field]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => text["Validation.RequiredField"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => text["Validation.Required"]);
    }
}
