using Npgsql;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// On PostgreSQL: listens on one connection of its own for the other instances' announcements
/// (<see cref="SessionStamps.AnnounceAsync"/>) and forgets what they concern. While it cannot listen
/// (PostgreSQL restarting, the connection lost) the session check asks the database every time.
/// </summary>
public sealed class SessionStampListener(SessionStamps sessions, Data.DatabaseOptions database, ILogger<SessionStampListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Keepalive: a connection that died without a word is noticed within seconds, not at the next notice.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { KeepAlive = 5, Pooling = false }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, notice) =>
                {
                    if (notice.Payload == SessionStamps.Everyone)
                    {
                        sessions.ForgetAll();
                    }
                    else
                    {
                        sessions.Forget(notice.Payload);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {SessionStamps.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                sessions.Trusted = true;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                sessions.Trusted = false;
                logger.LogWarning(failure, "Not listening for session changes; every request asks the database until listening again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.Trusted = false;
        return base.StopAsync(cancellationToken);
    }
}
