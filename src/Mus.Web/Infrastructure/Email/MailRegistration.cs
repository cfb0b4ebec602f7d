using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.Email;

public static class MailRegistration
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var dataDirectory = Files.DataDirectory.Get(builder.Configuration);
        builder.AddSettings<MailOptions>(MailOptions.Section, mail => mail.PickupDirectory ??= Path.Combine(dataDirectory, "mail"));
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddScoped<PersonMail>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}
