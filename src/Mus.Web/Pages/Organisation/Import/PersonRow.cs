namespace Mus.Web.Pages.Organisation.Import;

/// <summary>One person as a CSV line describes them, trimmed, before any validation.</summary>
public sealed record PersonRow(
    int Line,
    string EmployeeNumber,
    string Name,
    string Email,
    string? JobTitle,
    string? JobGroup,
    string UnitCode,
    string? LeaderNumber,
    string? EmploymentStart);
