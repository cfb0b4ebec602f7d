using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Conversations.Plans.Journal;

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

    /// <summary>The approved version as it leaves MUS: its view (names, round), the version itself, and the employee's number.</summary>
    public sealed record Approved(PlanView View, Plan Plan, string EmployeeNumber);

    /// <summary>
    /// Version <paramref name="number"/> as both approved it (the newest both approved when null); null if
    /// there is no such conversation or that version was never approved by both.
    /// </summary>
    public static async Task<Approved?> ReadApprovedAsync(AppDbContext db, int conversationId, int? number)
    {
        var parties = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.EmployeeId, c.LeaderId, c.Employee!.EmployeeNumber })
            .SingleOrDefaultAsync();
        if (parties is null)
        {
            return null;
        }

        var view = await PlanView.ReadAsync(db, conversationId, parties.EmployeeId, parties.LeaderId, isLeader: false);
        return (number is int version ? view.Plan.ApprovedVersion(version) : view.Plan.LatestApproved()) is { } approved
            ? new Approved(view with { Plan = approved }, approved, parties.EmployeeNumber)
            : null;
    }

    /// <summary>The extract of version <paramref name="number"/> (the newest both approved when null); null as <see cref="ReadApprovedAsync"/>.</summary>
    public static async Task<JournalExtract?> MakeAsync(AppDbContext db, IStringLocalizer<Text> text, int conversationId, int? number, DateTimeOffset now)
    {
        if (await ReadApprovedAsync(db, conversationId, number) is not { } found)
        {
            return null;
        }

        var (view, approved, employeeNumber) = found;
        // The records are kept in the organisation's language.
        var pdf = LocalizationRegistration.In(LocalizationRegistration.Danish, () => PlanPdf.Render(view, text, now));

        return new JournalExtract(
            new Description(
                employeeNumber, view.EmployeeName, view.ApproverName(PlanParty.Leader), view.Organisation, view.RoundName, conversationId,
                approved.Number, approved.EmployeeApproval!.At, approved.LeaderApproval!.At, approved.Hash,
                $"mus-plan-{conversationId}-v{approved.Number}.pdf", Convert.ToHexStringLower(SHA256.HashData(pdf))),
            pdf);
    }
}
