namespace Mus.Web.Pages.Organisation.Import;

/// <summary>A row that passed validation, with its values in their final form.</summary>
public sealed record ValidatedPerson(PersonRow Row, string Email, int UnitId, DateOnly? EmploymentStart);
