using Mus.Web.Demo;

namespace Mus.Tests.Infrastructure;

/// <summary>The demo people that access tests need, by the part they play around Ida Brandt's conversation.</summary>
public static class DemoPeople
{
    public const string Employee = DemoOrganisation.EmployeeEmail;
    public const string OtherEmployee = "julie.ravn@" + DemoOrganisation.Domain;
    public const string CurrentLeader = DemoOrganisation.LeaderEmail;
    public const string OtherLeader = "vibeke.noergaard@" + DemoOrganisation.Domain;
    public const string LeadersLeader = "birgitte.holmsgaard@" + DemoOrganisation.Domain;
    public const string Hr = DemoOrganisation.HrEmail;
    public const string Administrator = DemoOrganisation.AdministratorEmail;
    public const string EmployeeNumber = "1011";

    /// <summary>The demo's round in progress; last year's finished round is there too.</summary>
    public static string CurrentRound => $"MUS {TestClock.UtcNow.UtcDateTime.Year}";
}
