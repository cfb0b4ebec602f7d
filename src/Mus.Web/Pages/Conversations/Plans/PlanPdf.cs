using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Infrastructure.Pdf;

namespace Mus.Web.Pages.Conversations.Plans;

/// <summary>The plan as a PDF for the two parties and the personnel file: who, which round, the goals and actions, the approvals.</summary>
public static class PlanPdf
{
    public static byte[] Render(PlanView view, IStringLocalizer<Text> text, DateTimeOffset now)
    {
        var plan = view.Plan;
        using var output = new MemoryStream();
        using (var pdf = new PdfComposer(output, text["Pdf.Title", view.EmployeeName], view.Organisation, text["Pdf.Footer", view.EmployeeName, view.LeaderName], text["Pdf.PageOf"],
            System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, view.Organisation, now))
        {
            pdf.Title(text["Plan.Title"]);
            pdf.Field(text["Pdf.Organisation"], view.Organisation);
            pdf.Field(text["Pdf.Employee"], view.EmployeeName);
            pdf.Field(text["Pdf.Leader"], view.LeaderName);
            pdf.Field(text["Pdf.Round"], view.RoundName);
            pdf.Field(text["Pdf.Held"], view.HeldAt is { } held ? DanishTime.Format(held) : text["Pdf.NotHeld"]);
            pdf.Field(text["Pdf.Version"], text[plan.IsLocked ? "Pdf.VersionLocked" : "Pdf.VersionDraft", plan.Number]);
            // In four groups, so that a line breaks between them, never inside one.
            pdf.Field(text["Pdf.Fingerprint"], string.Join(' ', plan.Hash.Chunk(16).Select(group => new string(group))));

            if (plan.Content.Goals.Count == 0)
            {
                pdf.Paragraph(text["Plan.NoGoalsYet"]);
            }

            foreach (var (goal, number) in plan.Content.Goals.Select((g, i) => (g, i + 1)))
            {
                pdf.Heading($"{text["Plan.GoalNumber", number]}: {goal.Title}");
                foreach (var (action, actionNumber) in goal.Actions.Select((a, i) => (a, i + 1)))
                {
                    pdf.Space(4);
                    pdf.Field(text["Plan.ActionNumber", actionNumber], action.What);
                    pdf.Field(text["Plan.Why"], action.Why ?? "–");
                    pdf.Field(text["Plan.How"], action.How is null ? "–" : text["Plan.How." + action.How]);
                    pdf.Field(text["Plan.Who"], view.Responsible(action.Who, text["Plan.Both"]));
                    pdf.Field(text["Plan.ByWhen"], action.ByWhen?.ToString("d") ?? "–");
                    pdf.Field(text["Plan.FollowUpOn"], action.FollowUpOn?.ToString("d") ?? "–");
                    pdf.Field(text["Plan.Status"], text["Plan.Status." + action.Status]);
                    if (action.GoesFurther is not null)
                    {
                        pdf.Field(text["Plan.GoesFurther"], action.GoesFurther);
                    }
                }
            }

            // The approvals and the printing date stay together, never an orphan on a page of their own.
            pdf.KeepTogether(6);
            pdf.Heading(text["Pdf.Approvals"]);
            foreach (var party in new[] { PlanParty.Employee, PlanParty.Leader })
            {
                var approval = plan.ApprovalOf(party);
                pdf.Field(view.ApproverName(party), approval is null ? text["Pdf.NotApproved"] : text["Pdf.ApprovedAt", DanishTime.Format(approval.At)]);
            }

            pdf.Space(8);
            pdf.Paragraph(text["Pdf.Printed", DanishTime.Format(now)], mutedText: true);
        }

        return output.ToArray();
    }
}
