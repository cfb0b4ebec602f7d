using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Web.Pages;

/// <summary>What the user sees for an unknown address, a refusal or a fault: a plain message and a trace id, never details.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(AuditTrail audit) : PageModel
{
    public int Code { get; private set; }

    public string TraceId { get; private set; } = "";

    /// <summary>The texts to show: <c>{Key}.Title</c> and <c>{Key}.Text</c>.</summary>
    public string Key { get; private set; } = "Error.500";

    public void OnGet(int? code) => Show(code);

    public void OnPost(int? code) => Show(code);

    /// <summary>A failed TRACE, PUT or DELETE is shown here too, though no handler serves those methods (see <c>KnownHandlersOnly</c>).</summary>
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null)
        {
            Show(int.TryParse(RouteData.Values["code"] as string, out var code) ? code : null);
        }
    }

    private void Show(int? code)
    {
        audit.DiscardPending();
        Code = code ?? StatusCodes.Status500InternalServerError;
        // Not a fault in what was sent, nor lost work: the database could not take it just now.
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Key = error switch
        {
            StorageFailedException => "Error.NotSaved",
            AuditUnavailableException => "Error.NotShown",
            _ when StorageFailedException.IsBusy(error) => "Error.Busy",
            _ => Code switch
            {
                400 => "Error.400",
                403 => "Error.403",
                404 => "Error.404",
                405 => "Error.405",
                429 => "Error.429",
                _ => "Error.500",
            },
        };
        if (Key is "Error.NotSaved" or "Error.NotShown" or "Error.Busy")
        {
            Code = StatusCodes.Status503ServiceUnavailable;
            Response.StatusCode = Code;
            Response.Headers.RetryAfter = "5";
        }

        TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
