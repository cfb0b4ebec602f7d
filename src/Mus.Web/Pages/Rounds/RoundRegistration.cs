using Mus.Web.Infrastructure.Settings;
using Mus.Web.Pages.Rounds.Report;

namespace Mus.Web.Pages.Rounds;

public static class RoundRegistration
{
    /// <summary>Opening a round and its mails, HR's progress figures, and the published figures with the smallest group they may show.</summary>
    public static WebApplicationBuilder AddRounds(this WebApplicationBuilder builder)
    {
        var rounds = builder.AddSettings<RoundOptions>(RoundOptions.Section);
        builder.AddSettings<StatisticsOptions>(StatisticsOptions.Section);
        builder.Services.AddScoped<RoundOpener>();
        builder.Services.AddScoped<RoundOpeningMails>();
        builder.Services.AddSingleton(services => new RoundFigures(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(rounds.FiguresFreshSeconds)));
        builder.Services.AddScoped<FiguresPublication>();
        return builder;
    }
}
