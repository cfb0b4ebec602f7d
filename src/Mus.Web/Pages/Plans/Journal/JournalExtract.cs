using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Plans.Journal;

/// <summary>
/// What leaves MUS for the personnel file: the approved version's PDF and a description of it for the
/// records system. Nothing else of the conversation: no preparation, notes or evaluation.
/// </summary>
public sealed record JournalExtract(JournalExtract.Description Metadata, byte[] Pdf)
{
    /// <param name="PdfSha256">The PDF's SHA-256 (hex), so the records system can check what it filed.</param>
    /// <param name="Fingerprint">The approved wording's fingerprint, as printed in the PDF and on the plan page.</param>
    public sealed record Description(
        string EmployeeNumber,
        string Employee,
        string Leader,
        string Organisation,
        string Round,
        int ConversationId,
        int PlanVersion,
        DateTimeOffset ApprovedByEmployeeAt,
        DateTimeOffset ApprovedByLeaderAt,
        string Fingerprint,
        string FileName,
        string PdfSha256);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The extract of version <paramref name="number"/>; null if that version was never approved by both.</summary>
    public static async Task<JournalExtract?> MakeAsync(AppDbContext db, IStringLocalizer<Text> text, int conversationId, int number, DateTimeOffset now)
    {
        var parties = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.EmployeeId, c.LeaderId, c.Employee!.EmployeeNumber })
            .SingleAsync();
        var view = await PlanView.ReadAsync(db, conversationId, parties.EmployeeId, parties.LeaderId, isLeader: false);
        if (view.Plan.ApprovedVersion(number) is not { } approved)
        {
            return null;
        }

        view = view with { Plan = approved };
        // The records are kept in the organisation's language.
        var pdf = LocalizationRegistration.In(LocalizationRegistration.Danish, () => PlanPdf.Render(view, text, now));

        return new JournalExtract(
            new Description(
                parties.EmployeeNumber, view.EmployeeName, view.ApproverName(PlanParty.Leader), view.Organisation, view.RoundName, conversationId,
                approved.Number, approved.EmployeeApproval!.At, approved.LeaderApproval!.At, approved.Hash,
                $"mus-plan-{conversationId}-v{approved.Number}.pdf", Convert.ToHexStringLower(SHA256.HashData(pdf))),
            pdf);
    }
}
