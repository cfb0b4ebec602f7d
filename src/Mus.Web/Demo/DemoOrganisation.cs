using Microsoft.AspNetCore.Identity;
using Mus.Web.Pages.Rounds;

namespace Mus.Web.Demo;

/// <summary>
/// A fictional Danish workplace for trying the product: the water and environment utility
/// "Fjordby Forsyning", 40 people in four units, a director above three heads of department.
/// Every name is made up; the addresses use the reserved domain example.dk.
/// </summary>
public sealed class DemoOrganisation(AppDbContext db, IPasswordHasher<AppUser> hasher, ILookupNormalizer normalizer, RoundOpener rounds, TimeProvider time)
{
    public const string Password = "Fjordby-Demo-2026";
    public const string Domain = "fjordby.example.dk";
    public const string EmployeeEmail = "ida.brandt@" + Domain;
    public const string LeaderEmail = "karsten.lund@" + Domain;
    public const string HrEmail = "hanne.vestergaard@" + Domain;
    public const string AdministratorEmail = "it.admin@" + Domain;

    private sealed record Unit(string Code, string Name, string? Parent);

    private static readonly Unit[] Units =
    [
        new("DIR", "Fjordby Forsyning", null),
        new("DRIFT", "Drift og anlæg", "DIR"),
        new("KUNDE", "Kundeservice", "DIR"),
        new("PROJ", "Projekter og planlægning", "DIR"),
    ];

    private static readonly string[] JobGroups = ["Ledere", "Administration", "Driftsteknikere", "Kundeservice", "Ingeniører og planlæggere"];

    // The competence standard per job group: what the job calls for, and the level expected (1–5).
    private static readonly (string Group, (string Name, int Level)[] Competences)[] Standards =
    [
        ("Driftsteknikere", [("Drift og vedligehold af anlæg", 4), ("Fejlfinding og beredskab", 4), ("Arbejdsmiljø og sikkerhed", 5), ("Digitale styringssystemer (SRO)", 3), ("Samarbejde på tværs af vagtlag", 3)]),
        ("Kundeservice", [("Rådgivning af kunder", 4), ("Afregning og målere", 3), ("Skriftlig kommunikation", 4), ("Rolig håndtering af svære samtaler", 4)]),
        ("Ingeniører og planlæggere", [("Projektledelse", 4), ("Faglig dybde i eget område", 4), ("Formidling til politikere og borgere", 3), ("Økonomistyring i projekter", 3)]),
        ("Administration", [("Faglig viden i eget område", 4), ("Digitale værktøjer", 3), ("Service over for kolleger", 4)]),
        ("Ledere", [("Personaleledelse", 4), ("Strategisk overblik", 4), ("Kommunikation og forandring", 4)]),
    ];

    // employee number, name, e-mail local part, job title, job group, unit, leader's number, employment start
    private static readonly (string Number, string Name, string Mail, string Title, string Group, string Unit, string? Leader, string Start)[] People =
    [
        ("1001", "Birgitte Holmsgaard", "birgitte.holmsgaard", "Direktør", "Ledere", "DIR", null, "2012-02-01"),
        ("1002", "Hanne Vestergaard", "hanne.vestergaard", "HR-konsulent", "Administration", "DIR", "1001", "2016-09-01"),
        ("1003", "Mads Kjærgaard", "it.admin", "IT-ansvarlig", "Administration", "DIR", "1001", "2019-01-15"),
        ("1004", "Louise Brix", "louise.brix", "Økonomimedarbejder", "Administration", "DIR", "1001", "2021-04-01"),
        ("1005", "Peter Søgaard", "peter.soegaard", "Kommunikationsmedarbejder", "Administration", "DIR", "1001", "2023-08-01"),
        ("1010", "Karsten Lund", "karsten.lund", "Driftschef", "Ledere", "DRIFT", "1001", "2014-05-01"),
        ("1011", "Ida Brandt", "ida.brandt", "Driftstekniker", "Driftsteknikere", "DRIFT", "1010", "2020-03-01"),
        ("1012", "Rasmus Thorsen", "rasmus.thorsen", "Driftstekniker", "Driftsteknikere", "DRIFT", "1010", "2011-06-01"),
        ("1013", "Jens Aagaard", "jens.aagaard", "Driftstekniker", "Driftsteknikere", "DRIFT", "1010", "1998-08-01"),
        ("1014", "Sofie Mølgaard", "sofie.moelgaard", "Elektriker", "Driftsteknikere", "DRIFT", "1010", "2022-01-10"),
        ("1015", "Anders Bech", "anders.bech", "Maskinmester", "Driftsteknikere", "DRIFT", "1010", "2009-02-01"),
        ("1016", "Mikkel Høj", "mikkel.hoej", "Driftstekniker", "Driftsteknikere", "DRIFT", "1010", "2017-10-01"),
        ("1017", "Camilla Friis", "camilla.friis", "Laborant", "Driftsteknikere", "DRIFT", "1010", "2018-03-15"),
        ("1018", "Torben Skov", "torben.skov", "Driftstekniker", "Driftsteknikere", "DRIFT", "1010", "1995-04-01"),
        ("1019", "Emil Dahlgaard", "emil.dahlgaard", "Lærling, VVS", "Driftsteknikere", "DRIFT", "1010", "2025-08-01"),
        ("1020", "Lene Wind", "lene.wind", "Planlægger, drift", "Driftsteknikere", "DRIFT", "1010", "2013-11-01"),
        ("1021", "Søren Kirk", "soeren.kirk", "Driftstekniker", "Driftsteknikere", "DRIFT", "1010", "2006-01-01"),
        ("1022", "Niels Bundgaard", "niels.bundgaard", "Værkfører", "Driftsteknikere", "DRIFT", "1010", "2003-09-01"),
        ("1023", "Maja Storm", "maja.storm", "Driftstekniker", "Driftsteknikere", "DRIFT", "1010", "2024-02-01"),
        ("1030", "Vibeke Nørgaard", "vibeke.noergaard", "Kundechef", "Ledere", "KUNDE", "1001", "2015-01-01"),
        ("1031", "Julie Ravn", "julie.ravn", "Kunderådgiver", "Kundeservice", "KUNDE", "1030", "2019-05-01"),
        ("1032", "Kasper Bak", "kasper.bak", "Kunderådgiver", "Kundeservice", "KUNDE", "1030", "2021-09-01"),
        ("1033", "Anne Fogh", "anne.fogh", "Afregningsmedarbejder", "Kundeservice", "KUNDE", "1030", "2008-03-01"),
        ("1034", "Freja Lindholm", "freja.lindholm", "Kunderådgiver", "Kundeservice", "KUNDE", "1030", "2023-01-15"),
        ("1035", "Morten Ebbesen", "morten.ebbesen", "Måleraflæser", "Kundeservice", "KUNDE", "1030", "2010-08-01"),
        ("1036", "Pernille Juul", "pernille.juul", "Afregningsmedarbejder", "Kundeservice", "KUNDE", "1030", "2016-02-01"),
        ("1037", "Ali Haddad", "ali.haddad", "Kunderådgiver", "Kundeservice", "KUNDE", "1030", "2022-06-01"),
        ("1038", "Bente Krog", "bente.krog", "Kunderådgiver", "Kundeservice", "KUNDE", "1030", "1999-10-01"),
        ("1039", "Oliver Winther", "oliver.winther", "Studentermedhjælper", "Kundeservice", "KUNDE", "1030", "2025-02-01"),
        ("1040", "Nadia Qvist", "nadia.qvist", "Kunderådgiver", "Kundeservice", "KUNDE", "1030", "2020-11-01"),
        ("1050", "Thomas Engberg", "thomas.engberg", "Projektchef", "Ledere", "PROJ", "1001", "2017-03-01"),
        ("1051", "Katrine Hvid", "katrine.hvid", "Projektingeniør", "Ingeniører og planlæggere", "PROJ", "1050", "2018-08-15"),
        ("1052", "Henrik Dam", "henrik.dam", "Landinspektør", "Ingeniører og planlæggere", "PROJ", "1050", "2005-05-01"),
        ("1053", "Sara Østergaard", "sara.oestergaard", "Klimatilpasningsplanlægger", "Ingeniører og planlæggere", "PROJ", "1050", "2021-02-01"),
        ("1054", "Jakob Lykke", "jakob.lykke", "Projektingeniør", "Ingeniører og planlæggere", "PROJ", "1050", "2014-09-01"),
        ("1055", "Mette Borup", "mette.borup", "GIS-medarbejder", "Ingeniører og planlæggere", "PROJ", "1050", "2012-01-01"),
        ("1056", "Christian Nyborg", "christian.nyborg", "Byggeleder", "Ingeniører og planlæggere", "PROJ", "1050", "2001-04-01"),
        ("1057", "Amalie Sand", "amalie.sand", "Projektingeniør", "Ingeniører og planlæggere", "PROJ", "1050", "2024-09-01"),
        ("1058", "Lars Hedegaard", "lars.hedegaard", "Tilsynsførende", "Ingeniører og planlæggere", "PROJ", "1050", "1997-03-01"),
        ("1059", "Yasmin Rahimi", "yasmin.rahimi", "Miljøkoordinator", "Ingeniører og planlæggere", "PROJ", "1050", "2019-10-01"),
    ];

    public static bool IsDemoAccount(string? email) => email?.EndsWith("@" + Domain, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Creates the demo organisation in an empty database; returns false, doing nothing, if anyone is recorded already.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.People.AnyAsync(cancellationToken))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var units = new Dictionary<string, OrgUnit>();
        foreach (var unit in Units)
        {
            units[unit.Code] = new OrgUnit { Code = unit.Code, Name = unit.Name, Parent = unit.Parent is null ? null : units[unit.Parent] };
            db.OrgUnits.Add(units[unit.Code]);
        }

        var groups = JobGroups.ToDictionary(name => name, name => new JobGroup { Name = name });
        foreach (var (group, competences) in Standards)
        {
            groups[group].SetStandard([.. competences.Select((c, i) => new Competence($"demo{i + 1}", c.Name, null, c.Level))]);
        }

        db.JobGroups.AddRange(groups.Values);

        var people = new Dictionary<string, Person>();
        foreach (var row in People)
        {
            people[row.Number] = new Person
            {
                EmployeeNumber = row.Number,
                Name = row.Name,
                Email = $"{row.Mail}@{Domain}",
                JobTitle = row.Title,
                JobGroup = groups[row.Group],
                OrgUnit = units[row.Unit],
                Leader = row.Leader is null ? null : people[row.Leader],
                EmploymentStart = DateOnly.Parse(row.Start, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        db.People.AddRange(people.Values);

        // One hash for everyone: hashing forty times would slow every test that seeds the demo.
        var passwordHash = hasher.HashPassword(null!, Password);
        var accounts = people.Values.Select(person => new AppUser
        {
            Person = person,
            UserName = person.Email,
            Email = person.Email,
            NormalizedUserName = normalizer.NormalizeEmail(person.Email),
            NormalizedEmail = normalizer.NormalizeEmail(person.Email),
            EmailConfirmed = true,
            LockoutEnabled = true,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        }).ToDictionary(a => a.Email!);
        db.Users.AddRange(accounts.Values);
        await db.SaveChangesAsync(cancellationToken);

        await GrantAsync(accounts[HrEmail], Roles.Hr, cancellationToken);
        await GrantAsync(accounts[AdministratorEmail], Roles.Administrator, cancellationToken);
        await DemoHistory.AddAsync(db, units["DRIFT"], people["1010"], people, await FourThemesAsync(cancellationToken), time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await OpenCurrentRoundAsync(units["DIR"].Id, cancellationToken);
        return true;
    }

    // This year's round, in progress for everyone, so that preparation can be tried at once.
    private async Task OpenCurrentRoundAsync(int topUnitId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var template = await FourThemesAsync(cancellationToken);
        var opened = await rounds.OpenAsync(
            new RoundOpener.Request($"MUS {today.Year}", today.Year, template, "Hvordan bruger vi de nye digitale målere i hverdagen?", [topUnitId], today.AddDays(14), today.AddDays(45),
                Orientation: "Årets MUS handler om, hvordan vi tager de digitale målere i brug, og hvad det kræver af os hver især. Læs personalepolitikken om kompetenceudvikling, før du forbereder dig.",
                Invite: false),
            cancellationToken);
        db.RoundMaterials.AddRange(
            new RoundMaterial { RoundId = opened.RoundId, Title = "Personalepolitik om kompetenceudvikling", Url = "https://fjordby.example.dk/personalepolitik", AddedAt = time.GetUtcNow() },
            new RoundMaterial { RoundId = opened.RoundId, Title = "Fjordby Forsyning: årets MUS på én side", FileName = "aarets-mus.pdf", Content = OnePager(time.GetUtcNow()), AddedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
    }

    // A real PDF for the round's materials, written as HR would hand one out.
    private static byte[] OnePager(DateTimeOffset now)
    {
        using var output = new MemoryStream();
        using (var pdf = new Infrastructure.Pdf.PdfComposer(output, "Årets MUS på én side", "Fjordby Forsyning", "Fjordby Forsyning · HR", "side {0} af {1}", "da", "Fjordby Forsyning", now))
        {
            pdf.Title("Årets MUS på én side");
            pdf.Paragraph("I år taler vi om, hvordan de digitale målere ændrer hverdagen: hvad går godt, hvad er svært, og hvad skal du lære for at være godt med om et år.");
            pdf.Heading("Tidsplan");
            pdf.Paragraph("Forbered dig inden for to uger. Samtalen holdes inden for halvanden måned. Sæt 1–1½ time af.");
            pdf.Heading("Hvad bliver mellem jer");
            pdf.Paragraph("Det, du skriver i din forberedelse, ser kun du, indtil du deler det. Noter og plan er mellem dig og din leder. HR ser kun, hvor langt runden er nået.");
        }

        return output.ToArray();
    }

    private Task<int> FourThemesAsync(CancellationToken cancellationToken) => db.TemplateVersions
        .Where(v => v.Template!.BuiltInKey == "four-themes" && v.PublishedAt != null)
        .OrderByDescending(v => v.Number)
        .Select(v => v.Id)
        .FirstAsync(cancellationToken);

    private async Task GrantAsync(AppUser user, string roleName, CancellationToken cancellationToken)
    {
        var normalized = normalizer.NormalizeName(roleName);
        var role = await db.Roles.SingleOrDefaultAsync(r => r.NormalizedName == normalized, cancellationToken);
        if (role is null)
        {
            role = new IdentityRole(roleName) { NormalizedName = normalized };
            db.Roles.Add(role);
        }

        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        await db.SaveChangesAsync(cancellationToken);
    }

    public static void PrintSignInDetails(TextWriter output, IEnumerable<string>? addresses = null)
    {
        output.WriteLine();
        output.WriteLine("MUS demo organisation: Fjordby Forsyning");
        foreach (var address in addresses ?? [])
        {
            output.WriteLine($"  open           {address}");
        }

        output.WriteLine($"  password for every demo account: {Password}");
        output.WriteLine($"  employee       {EmployeeEmail}");
        output.WriteLine($"  leader         {LeaderEmail}");
        output.WriteLine($"  HR             {HrEmail}");
        output.WriteLine($"  administrator  {AdministratorEmail}");
        output.WriteLine();
    }
}
