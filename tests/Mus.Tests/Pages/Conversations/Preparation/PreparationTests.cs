using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Tests.Pages.Conversations.Preparation;

/// <summary>Ida Brandt (employee) and Karsten Lund (her leader) prepare for the demo round's conversation.</summary>
public sealed class PreparationTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}/preparation";

    [Fact]
    public async Task Employee_SavesADraft_AndFindsItAgain()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);

        var saved = await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-success]"] = "Omlægningen af pumpestationen gik godt." }, formAction: "handler=Save");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await employee.GetPageAsync(Url);
        Assert.Equal("Omlægningen af pumpestationen gik godt.", page.QuerySelector("#answer-tasks-success")!.TextContent);
        Assert.Contains("Din forberedelse er gemt", page.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preparation_IsPrivateUntilShared_AndHiddenAgainWhenWithdrawn()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        const string Secret = "Jeg overvejer at søge væk, hvis intet ændrer sig.";
        await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-hard]"] = Secret }, formAction: "handler=Save");

        Assert.DoesNotContain(Secret, await leader.GetStringAsync(Url), StringComparison.Ordinal);

        await employee.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Share");
        Assert.Contains(Secret, await leader.GetStringAsync(Url), StringComparison.Ordinal);

        await employee.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Withdraw");
        Assert.DoesNotContain(Secret, await leader.GetStringAsync(Url), StringComparison.Ordinal);
        Assert.Contains(Secret, await employee.GetStringAsync(Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadersPreparation_IsTheLeadersOwn_AndSeparateFromTheEmployees()
    {
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);

        await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Ny SCADA-platform i 2027." }, formAction: "handler=Ready");

        var parts = await App.WithDbAsync(db => db.ConversationParts.Where(p => p.ConversationId == ConversationId).ToListAsync());
        var part = Assert.Single(parts);
        Assert.Equal(PartKind.LeaderPreparation, part.Kind);
        Assert.NotNull(part.ReadyAt);
        Assert.Null(part.SharedAt);
        Assert.DoesNotContain("SCADA", await (await App.SignedInAsync(DemoPeople.Employee)).GetStringAsync(Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverLongAnswer_Is400WithMessage_AndNothingIsSaved()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-success]"] = "Første udgave" }, formAction: "handler=Save");

        var response = await employee.PostFormAsync(Url, new Dictionary<string, string>
        {
            ["Answers[tasks-success]"] = "Anden udgave",
            ["Answers[tasks-hard]"] = new string('x', 4001),
        }, formAction: "handler=Save");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("længere end 4000 tegn", page.QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Anden udgave", page.QuerySelector("#answer-tasks-success")!.TextContent);
        var stored = await App.WithDbAsync(async db => (await db.ConversationParts.Where(p => p.ConversationId == ConversationId).SingleAsync()).Content);
        Assert.Contains("Første udgave", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoTabsSavingFromTheSameVersion_SecondGetsBothTextsAndOverwritesNothing()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-success]"] = "Start" }, formAction: "handler=Save");
        var secondTab = await employee.GetPageAsync(Url);

        await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-success]"] = "Fra første fane" }, formAction: "handler=Save");
        var stale = await employee.PostAsync(Url + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = secondTab.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = secondTab.QuerySelector("#Version")!.GetAttribute("value")!,
            ["Answers[tasks-success]"] = "Fra anden fane",
        }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.ParseAsync();
        Assert.Contains("Fra første fane", page.QuerySelector(".alert-warning")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Fra anden fane", page.QuerySelector("#answer-tasks-success")!.TextContent);
        var stored = await App.WithDbAsync(async db => (await db.ConversationParts.Where(p => p.ConversationId == ConversationId).SingleAsync()).Content);
        Assert.Contains("Fra første fane", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLeadersAutosaves_PutNoReadOfTheEmployeesContentOnRecord_WhatThePageShowsIsReadWhenShown()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-success]"] = "Min egen forberedelse" }, formAction: "handler=Share")).StatusCode);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var karstenId = await App.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.CurrentLeader).Select(p => p.Id).SingleAsync());
        Task<int> ReadsOfOthersAsync() => App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == karstenId && a.Action == AuditAction.Read && a.Compartment != PartKind.LeaderPreparation));

        // The page shows her shared preparation (and the look-back): those reads are on record.
        var before = await ReadsOfOthersAsync();
        var page = await karsten.GetPageAsync(Url);
        Assert.Contains("Min egen forberedelse", page.Body!.TextContent, StringComparison.Ordinal);
        var shown = await ReadsOfOthersAsync();
        Assert.True(shown > before, "showing the page reads the employee's shared preparation");

        // Three autosaves send nothing of hers: nothing of hers is read.
        var token = page.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var field = page.QuerySelector("#preparation-form textarea[name^='Answers[']")!.GetAttribute("name")!;
        for (var version = 0; version < 3; version++)
        {
            var saved = await karsten.PostAsync(Url + "?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [field] = $"Udkast {version}",
            }));
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        Assert.Equal(shown, await ReadsOfOthersAsync());
    }

    [Fact]
    public async Task OwnAutosaves_PutEachChangeOnRecord_AndNoReadOfWhatTheyMergedWith()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var idaId = await App.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.Employee).Select(p => p.Id).SingleAsync());
        Task<int> CountAsync(AuditAction action) => App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == idaId && a.ConversationId == ConversationId && a.Compartment == PartKind.EmployeePreparation && a.Action == action));
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync(Url, new Dictionary<string, string> { ["Answers[tasks-success]"] = "Første udgave" }, formAction: "handler=Save")).StatusCode);
        var page = await ida.GetPageAsync(Url);
        Assert.Contains("Første udgave", page.Body!.TextContent, StringComparison.Ordinal);
        var (reads, changes) = (await CountAsync(AuditAction.Read), await CountAsync(AuditAction.Change));
        Assert.True(reads > 0, "showing the page is a read on record");

        var token = page.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var version = long.Parse(page.QuerySelector("#preparation-form input[name=Version]")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
        for (var draft = 0; draft < 3; draft++)
        {
            var saved = await ida.PostAsync(Url + "?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Version"] = (version + draft).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Answers[tasks-success]"] = $"Udkast {draft}",
            }));
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        // Each autosave opened her stored answers to merge with, and sent back a version number only.
        Assert.Equal(reads, await CountAsync(AuditAction.Read));
        Assert.Equal(changes + 3, await CountAsync(AuditAction.Change));
    }

    [Fact]
    public async Task Autosave_AnswersWithTheNewVersion()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var page = await employee.GetPageAsync(Url);

        var response = await employee.PostAsync(Url + "?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = "0",
            ["Answers[tasks-success]"] = "Skrevet og gemt af sig selv",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"version\":1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Skrevet og gemt af sig selv", await employee.GetStringAsync(Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartPages_ShowTheConversationToBothParties()
    {
        var employeeStart = await (await App.SignedInAsync(DemoPeople.Employee)).GetPageAsync("/start/employee");
        var leaderStart = await (await App.SignedInAsync(DemoPeople.CurrentLeader)).GetPageAsync("/start/leader");

        Assert.NotNull(employeeStart.QuerySelector($"a[href='{Url}']"));
        Assert.NotNull(leaderStart.QuerySelector($"a[href='{Url}']"));
        Assert.Equal(13, leaderStart.QuerySelectorAll("a[href^='/conversations/'][href$='/preparation']").Length);
    }

    [Fact]
    public async Task LastYearsApprovedPlan_OpensThePreparation_AsLookBack_WithStatusesAndFollowUps()
    {
        foreach (var email in new[] { DemoPeople.Employee, DemoPeople.CurrentLeader })
        {
            var page = await (await App.SignedInAsync(email)).GetPageAsync(Url);

            var lookBack = page.QuerySelector("#look-back")!.TextContent;
            Assert.Contains($"planen fra MUS {TestClock.UtcNow.UtcDateTime.Year - 1}", lookBack, StringComparison.Ordinal);
            Assert.Contains("Leverandørens grundkursus i SRO – Gennemført", lookBack, StringComparison.Ordinal);
            Assert.Contains("Tage tre vagter sammen med Niels – Planlagt", lookBack, StringComparison.Ordinal);
            Assert.Contains("Kurset er taget.", lookBack, StringComparison.Ordinal);
        }

        var julies = await App.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.OtherEmployee).Select(c => c.Id).SingleAsync());
        Assert.Null((await (await App.SignedInAsync(DemoPeople.OtherEmployee)).GetPageAsync($"/conversations/{julies}/preparation")).QuerySelector("#look-back"));
    }
}
