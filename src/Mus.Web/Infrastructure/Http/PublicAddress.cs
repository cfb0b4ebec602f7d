using Microsoft.AspNetCore.HostFiltering;

namespace Mus.Web.Infrastructure.Http;

/// <summary>
/// The address people reach MUS at (<c>App:PublicUrl</c>). Every link that leaves the site – in a
/// mail today, in calendar entries later – is built from it and never from the request, whose Host
/// header anyone can forge.
/// </summary>
/// <param name="otherHosts">Further host names let in (from <c>AllowedHosts</c>; "*.example.dk" for any below it); null lets in any host (Development).</param>
public sealed class PublicAddress(Uri baseAddress, IReadOnlyList<string>? otherHosts, LinkGenerator links)
{
    public const string Setting = "App:PublicUrl";

    /// <summary>What a developer's demo answers on (the launch profile's address).</summary>
    public const string DevelopmentDefault = "http://localhost:5000";

    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>Whether a request for <paramref name="host"/> is for this site.</summary>
    public bool Serves(string host) =>
        otherHosts is null
        || string.Equals(host, BaseAddress.Host, StringComparison.OrdinalIgnoreCase)
        || string.Equals(host, BaseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        || otherHosts.Any(other => other.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(other[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, other, StringComparison.OrdinalIgnoreCase));

    /// <summary>The absolute address of a path below the public address, e.g. <c>Url("/signin-oidc")</c>.</summary>
    public string Url(string path) =>
        BaseAddress.GetLeftPart(UriPartial.Authority) + BaseAddress.AbsolutePath.TrimEnd('/') + path;

    /// <summary>The absolute address of a page, e.g. <c>Page("/SignIn/ResetPassword", new { code })</c>.</summary>
    public string Page(string page, object? values = null) =>
        links.GetUriByPage(page, handler: null, values, BaseAddress.Scheme, new HostString(BaseAddress.Authority), new PathString(BaseAddress.AbsolutePath.TrimEnd('/')))
        ?? throw new InvalidOperationException($"There is no page {page}.");

    /// <summary>
    /// The address of a page for any id (<c>/conversations/{id}/preparation</c>), worked out once: for writing
    /// thousands of links at a time, where asking the router for each costs more than the rest of the mail.
    /// </summary>
    public Func<int, string> PageForId(string page)
    {
        var (before, after) = PageAroundId(page);
        return id => before + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + after;
    }

    /// <summary>The address of a page with an id, as the text before and after the id (for SQL that writes the id in).</summary>
    public (string Before, string After) PageAroundId(string page)
    {
        const int sampleId = int.MaxValue;
        var sample = Page(page, new { id = sampleId });
        var marker = sampleId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var at = sample.LastIndexOf(marker, StringComparison.Ordinal);
        return (sample[..at], sample[(at + marker.Length)..]);
    }

    internal static Uri Parse(string? value, bool development)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{Setting} must be set outside Development: the address people reach MUS at, e.g. https://mus.example.dk. Every link in a mail is built from it.");
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var address)
            || address.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment) || !string.IsNullOrEmpty(address.UserInfo))
        {
            throw new InvalidOperationException($"{Setting} must be an absolute https address without query or fragment, e.g. https://mus.example.dk (it is '{value}').");
        }

        if (address.Scheme == "http" && !development)
        {
            throw new InvalidOperationException($"{Setting} must start with https:// outside Development; sign-in cookies are only sent over HTTPS (it is '{value}').");
        }

        return address;
    }
}

public static class PublicAddressRegistration
{
    /// <summary>
    /// Reads and checks <c>App:PublicUrl</c> (required outside Development, https there) and
    /// registers it with the hosts to let in: its own, plus any <c>AllowedHosts</c> names explicitly.
    /// </summary>
    public static WebApplicationBuilder AddPublicAddress(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var configured = builder.Configuration[PublicAddress.Setting];
        var address = PublicAddress.Parse(string.IsNullOrWhiteSpace(configured) && development ? PublicAddress.DevelopmentDefault : configured, development);
        // On a developer's machine any name for it will do; elsewhere only the public host and those
        // AllowedHosts names (PublicAddressGuard refuses the rest, but lets health checks through).
        IReadOnlyList<string>? otherHosts = development ? null : [.. (builder.Configuration["AllowedHosts"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(host => host != "*")];
        builder.Services.AddSingleton(services => new PublicAddress(address, otherHosts, services.GetRequiredService<LinkGenerator>()));
        builder.Services.Configure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);
        // Read here, before the application is built, so that a proxy entry that is not an address stops
        // start-up with one line naming the setting (after Build it was a stack trace).
        builder.Services.AddSingleton(new TrustedProxies(TrustedProxies.Options(builder.Configuration)));
        return builder;
    }
}
