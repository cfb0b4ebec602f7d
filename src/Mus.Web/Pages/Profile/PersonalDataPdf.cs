using Mus.Web.Infrastructure.Localization;
using Mus.Web.Infrastructure.Pdf;

namespace Mus.Web.Pages.Profile;

/// <summary>The personal-data copy as a readable PDF: the same content as the JSON, in sentences.</summary>
public static class PersonalDataPdf
{
    public static byte[] Render(PersonalData data, IStringLocalizer<Text> text)
    {
        using var output = new MemoryStream();
        using (var pdf = new PdfComposer(output, text["Export.Title"], text["App.Name"], text["Export.Footer", data.Person.Name], text["Pdf.PageOf"],
            System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, "MUS", data.CreatedAt))
        {
            pdf.Title(text["Export.Title"]);
            pdf.Paragraph(text["Export.Made", DanishTime.Format(data.CreatedAt)], mutedText: true);
            pdf.Heading(text["Export.You"]);
            pdf.Field(text["Field.Name"], data.Person.Name);
            pdf.Field(text["Field.EmployeeNumber"], data.Person.EmployeeNumber);
            pdf.Field(text["Field.Email"], data.Person.Email);
            pdf.Field(text["Field.JobTitle"], data.Person.JobTitle ?? "–");
            pdf.Field(text["Field.JobGroup"], data.Person.JobGroup ?? "–");
            pdf.Field(text["Field.Unit"], data.Person.Unit);
            pdf.Field(text["Field.Leader"], data.Person.Leader ?? "–");
            pdf.Field(text["Export.Language"], data.Person.Language == Domain.Person.EnglishLanguage ? "English" : "Dansk");
            pdf.Field(text["Profile.Reminders.Title"], text[data.Person.ReminderMailsOff ? "Profile.Reminders.Off" : data.Person.WeeklyDigest ? "Profile.Reminders.Weekly" : "Profile.Reminders.Immediate"]);

            foreach (var conversation in data.Conversations)
            {
                pdf.Heading($"{conversation.Round} · {text["Status." + conversation.Status]} · {conversation.Leader}");
                if (conversation.Offer is { } offer)
                {
                    pdf.Field(text["Offer.Field"], text["Export.Offer." + conversation.OfferAnswer, text["Offer.Kind." + offer]]);
                }
                foreach (var (title, answers) in new[] { (text["Export.MyPreparation"].Value, conversation.MyPreparation), (text["Export.LeaderShared"].Value, conversation.LeaderPreparationAsShared ?? []), (text["Export.MyEvaluation"].Value, conversation.MyEvaluation) })
                {
                    foreach (var answer in answers)
                    {
                        pdf.Field(title, $"{answer.Question}: {answer.Value}");
                    }
                }

                if (conversation.SharedNotes is { } notes)
                {
                    foreach (var (key, value) in notes.Answers.Concat(notes.Notes))
                    {
                        pdf.Field(text["Export.SharedNotes"], value);
                    }

                    foreach (var value in new[] { notes.ToEmployee.Praise, notes.ToEmployee.Improve, notes.ToEmployee.PraiseAgain, notes.ToLeader.Praise, notes.ToLeader.Improve, notes.ToLeader.PraiseAgain, notes.Summary }.OfType<string>())
                    {
                        pdf.Field(text["Export.SharedNotes"], value);
                    }
                }

                if (conversation.Plan is { } plan)
                {
                    foreach (var goal in plan.Content.Goals)
                    {
                        pdf.Field(text["Plan.Title"], goal.Title);
                        foreach (var action in goal.Actions)
                        {
                            pdf.Field("", $"{action.What}{(action.GoesFurther is null ? "" : $" – {text["Plan.GoesFurther"]}: {action.GoesFurther}")}");
                        }
                    }
                }

                foreach (var entry in conversation.FollowUps?.Entries ?? [])
                {
                    pdf.Field(text["FollowUps.Title"], $"{entry.Date:d}: {entry.Notes}");
                }

                foreach (var what in conversation.SharedWithTeam)
                {
                    pdf.Field(text["SharedActions"], what);
                }

                pdf.Field(text["Statistics.Title"], conversation.OptedOutOfStatisticsAt is { } optedOut
                    ? text["Statistics.NotCounted", Infrastructure.Localization.DanishTime.Format(optedOut)]
                    : text["Export.Statistics.Counted"]);
            }

            pdf.Heading(text["Receipts.Title"]);
            if (data.Receipts.Count == 0)
            {
                pdf.Paragraph(text["Receipts.None"]);
            }

            foreach (var receipt in data.Receipts)
            {
                pdf.Paragraph(text["Receipts.Line", DanishTime.Format(receipt.ShreddedAt), text["Receipts.Compartment." + receipt.Compartment], receipt.FormerLeader, receipt.Round, text[receipt.Reason]]);
            }

            pdf.Heading(text["Access.Title"]);
            if (data.Access.Count == 0)
            {
                pdf.Paragraph(text["Access.None"]);
            }

            foreach (var line in data.Access)
            {
                pdf.Paragraph($"{DanishTime.Format(line.At)} · {line.Who} · {text["Access.Compartment." + line.Compartment]} · {text["Access.Action." + line.Action]}");
            }
        }

        return output.ToArray();
    }
}
