using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// The rules of a round that HR sets when opening it and may change after (orientation, mandatory, the
/// reminder days): one set of fields for both forms, shown by <c>_RoundRules</c>.
/// </summary>
public class RoundRulesInput
{
    [StringLength(Round.OrientationMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Orientation")]
    public string? Orientation { get; set; }

    [Display(Name = "Field.Mandatory")]
    public bool Mandatory { get; set; }

    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.PreparationReminderDays")]
    public string? PreparationReminderDays { get; set; }

    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.SchedulingReminderDays")]
    public string? SchedulingReminderDays { get; set; }

    /// <summary>The reminder days as lists; a list that cannot be read is a message on its field (under <paramref name="prefix"/>).</summary>
    public (int[]? Preparation, int[]? Scheduling) ReadDays(ModelStateDictionary modelState, IStringLocalizer<Text> text, string prefix = "Input")
    {
        var preparationDays = ReminderDays.Parse(PreparationReminderDays);
        var schedulingDays = ReminderDays.Parse(SchedulingReminderDays);
        if (preparationDays is null)
        {
            modelState.AddModelError($"{prefix}.{nameof(PreparationReminderDays)}", text["RoundSettings.Error.Days"]);
        }

        if (schedulingDays is null)
        {
            modelState.AddModelError($"{prefix}.{nameof(SchedulingReminderDays)}", text["RoundSettings.Error.Days"]);
        }

        return (preparationDays, schedulingDays);
    }
}
