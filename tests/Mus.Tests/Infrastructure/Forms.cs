using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Mus.Tests.Infrastructure;

/// <summary>Reads pages and posts their forms as a browser would, antiforgery token included.</summary>
public static class Forms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>GETs <paramref name="url"/>, fills its form (or the one posting to <paramref name="formAction"/>) and posts it with the hidden fields, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IDictionary<string, string> fields, string? formAction = null)
    {
        var (target, values) = await client.ReadFormAsync(url, formAction);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// The form of the page at <paramref name="url"/> as a browser would send it unchanged: where it
    /// posts to, and every named field with its current value.
    /// </summary>
    public static async Task<(string Target, Dictionary<string, string> Values)> ReadFormAsync(this HttpClient client, string url, string? formAction = null) =>
        (await client.GetPageAsync(url)).ReadForm(url, formAction);

    /// <summary>The form of a page already fetched (an answer to a post, say), as <see cref="ReadFormAsync"/> reads it.</summary>
    public static (string Target, Dictionary<string, string> Values) ReadForm(this IHtmlDocument page, string url, string? formAction = null)
    {
        // Without an action given, the page's own form: the one that posts back to the page (no
        // action attribute). Otherwise the form whose action, or one of whose buttons' formaction,
        // contains formAction (for example "handler=Save").
        string? target = null;
        var form = page.Forms.FirstOrDefault(f =>
        {
            if (!f.Method.Equals("post", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (formAction is null)
            {
                return string.IsNullOrEmpty(f.GetAttribute("action"));
            }

            target = new[] { f.GetAttribute("action") }
                .Concat(f.QuerySelectorAll("button[formaction]").Select(b => b.GetAttribute("formaction")))
                .FirstOrDefault(a => a?.Contains(formAction, StringComparison.OrdinalIgnoreCase) == true);
            return target is not null;
        }) ?? throw new InvalidOperationException($"No matching form on {url}.");

        var values = new Dictionary<string, string>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name)))
        {
            if (input.Type is "submit" or "file" || (input.Type is "checkbox" or "radio" && !input.IsChecked))
            {
                continue;
            }

            values[input.Name!] = input.Value;
        }

        foreach (var textArea in form.Elements.OfType<IHtmlTextAreaElement>().Where(t => !string.IsNullOrEmpty(t.Name)))
        {
            values[textArea.Name!] = textArea.Value;
        }

        foreach (var select in form.Elements.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name)))
        {
            values[select.Name!] = select.Value ?? "";
        }

        return (string.IsNullOrEmpty(target) ? url : target, values);
    }

    public static string Location(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"Expected a redirect, got {(int)response.StatusCode}.");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Signs in through the real sign-in form; returns where the app sent the user.</summary>
    public static async Task<string> SignInAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        var first = response.Location();
        if (first != "/")
        {
            return first;
        }

        return (await client.GetAsync("/")).Location();
    }
}
