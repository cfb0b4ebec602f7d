using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Mus.Web.Pages.Rounds;

/// <summary>The two reminder-day fields of the open-round and settings forms, read alike; a bad list is a message on its field.</summary>
public static class RoundReminderDays
{
    public static (int[]? Preparation, int[]? Scheduling) Read(ModelStateDictionary modelState, IStringLocalizer<Text> text, string? preparation, string? scheduling)
    {
        var preparationDays = ReminderDays.Parse(preparation);
        var schedulingDays = ReminderDays.Parse(scheduling);
        if (preparationDays is null)
        {
            modelState.AddModelError("Input.PreparationReminderDays", text["RoundSettings.Error.Days"]);
        }

        if (schedulingDays is null)
        {
            modelState.AddModelError("Input.SchedulingReminderDays", text["RoundSettings.Error.Days"]);
        }

        return (preparationDays, schedulingDays);
    }
}
