using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Api.Clients;

namespace Mus.Tests.Api;

/// <summary>An API answer that carries conversation content is sent only once its read is on record, as a page is.</summary>
public sealed class ApiAuditTests
{
    [Fact]
    public async Task WhenThePlansReadCannotBeRecorded_TheApiAnswers503_AndSendsNoneOfIt()
    {
        await using var app = await MusApp.StartAsync();
        using var client = await ApiClientTokens.ClientWithAsync(app, ApiScopes.PlansRead);
        // Ida's plan from last year, approved by both in the demo.
        var idas = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name != DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        const string What = "Leverandørens grundkursus i SRO";
        var first = await client.GetAsync($"/api/v1/plans/{idas}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(What, await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The audit table becomes unwritable (a full disk, a revoked grant): the API must stop sending content.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""CREATE TRIGGER "NoMoreAudit" BEFORE INSERT ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;"""));
        foreach (var path in new[] { $"/api/v1/plans/{idas}", $"/api/v1/plans/{idas}/pdf" })
        {
            var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("30", response.Headers.RetryAfter?.ToString());
            Assert.DoesNotContain(What, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
