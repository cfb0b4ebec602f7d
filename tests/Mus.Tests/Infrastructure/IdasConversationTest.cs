using Microsoft.EntityFrameworkCore;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// A fresh demo application per test, around one conversation: Ida Brandt's in the demo round,
/// with Karsten Lund as her leader (see <see cref="DemoPeople"/> for everyone else).
/// </summary>
public abstract class IdasConversationTest : IAsyncLifetime
{
    protected MusApp App { get; private set; } = null!;

    protected int ConversationId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        App = await MusApp.StartAsync();
        ConversationId = await App.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
