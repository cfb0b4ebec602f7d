using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Retention;
using Npgsql;

namespace Mus.Tests.Data;

/// <summary>
/// The PostgreSQL role setup that the README documents (docs/postgres-audit-role.sql, run as it is):
/// the application, connected as that role, works, writes audit rows, and cannot change or delete
/// them; old rows age out only through the owner's function.
/// </summary>
public sealed class AuditRoleTests
{
    [Fact]
    public async Task TheApplicationRole_AddsAuditRows_ButCannotChangeOrDeleteThem_AndOldOnesAgeOutThroughTheOwnersFunction()
    {
        var owner = await MusApp.StartAsync(TestDatabase.Postgres);
        var role = "mus_test_" + Guid.NewGuid().ToString("N")[..12];
        var server = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)!;
        MusApp? application = null;
        try
        {
            await ExecuteAsync(server, $"CREATE ROLE {role} LOGIN");
            var script = await File.ReadAllTextAsync(RepositoryFiles.PathOf("docs", "postgres-audit-role.sql"));
            await ExecuteAsync(owner.Database.ConnectionString!, Regex.Replace(script, @"\bmus(?=;)", role));
            await owner.WithDbAsync(db =>
            {
                db.AuditEntries.Add(new AuditEntry { At = TestClock.UtcNow.AddMonths(-14), ConversationId = 1, Compartment = PartKind.Plan, Action = AuditAction.Read, Purpose = "old" });
                db.AuditEntries.Add(new AuditEntry { At = TestClock.UtcNow.AddMonths(-2), ConversationId = 1, Compartment = PartKind.Plan, Action = AuditAction.Read, Purpose = "recent" });
                return db.SaveChangesAsync();
            });

            var asRole = new NpgsqlConnectionStringBuilder(owner.Database.ConnectionString) { Username = role }.ConnectionString;
            foreach (var forbidden in new[] { "UPDATE \"AuditEntries\" SET \"Purpose\" = 'changed'", "DELETE FROM \"AuditEntries\"", "TRUNCATE \"AuditEntries\"" })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(asRole, forbidden));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }

            var tooSoon = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(asRole, "SELECT mus_purge_audit(1)"));
            Assert.Contains("13 months", tooSoon.MessageText, StringComparison.Ordinal);

            // The application itself, started as the role: it reads (and so audits) content, and its sweep purges through the function.
            application = new MusApp(owner.Database, new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = asRole,
                ["Retention:AuditPurgeFunction"] = "mus_purge_audit",
            }, ownsDatabase: false);
            var ida = await application.SignedInAsync(DemoPeople.Employee);
            var id = await application.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
            await ida.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Mine svar" }, formAction: "handler=Save");
            Assert.Contains("Mine svar", await ida.GetStringAsync($"/conversations/{id}/preparation"), StringComparison.Ordinal);

            await using var scope = application.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(TestClock.UtcNow, TestContext.Current.CancellationToken);

            Assert.Equal(1, result.AuditRows);
            var purposes = await owner.WithDbAsync(db => db.AuditEntries.Select(e => e.Purpose).ToListAsync());
            Assert.DoesNotContain("old", purposes);
            Assert.Contains("recent", purposes);
            Assert.Contains("/Conversations/Preparation/Index", purposes);
        }
        finally
        {
            if (application is not null)
            {
                await application.DisposeAsync();
            }

            await owner.DisposeAsync();
            await ExecuteAsync(server, $"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
