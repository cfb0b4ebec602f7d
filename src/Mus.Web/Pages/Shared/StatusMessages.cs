using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Mus.Web.Pages.Shared;

/// <summary>
/// The one line a page says after a change ("Gemt"), kept in TempData across the redirect that follows a
/// POST and shown once by <c>_StatusMessage</c> on the page that is shown next (this one or another).
/// </summary>
public static class StatusMessages
{
    private const string Key = "StatusMessage";

    public static void Say(this ITempDataDictionary tempData, string message) => tempData[Key] = message;

    /// <summary>The line to show; reading it means it is not shown again (neither on the next page nor later in this one).</summary>
    public static string? Said(this ITempDataDictionary tempData)
    {
        var message = tempData[Key] as string;
        tempData.Remove(Key);
        return message;
    }

    /// <summary>Whether a line is already waiting (without using it up).</summary>
    public static bool HasSaid(this ITempDataDictionary tempData) => tempData.Peek(Key) is string;
}
