namespace Mus.Web.Infrastructure.Email;

public static class MailRegistration
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        options.PickupDirectory ??= Path.Combine(DataDirectory.Get(builder.Configuration), "mail");
        if (options.MaxAttempts < 1 || options.DispatchSeconds <= 0)
        {
            throw new InvalidOperationException("Mail:MaxAttempts and Mail:DispatchSeconds must be positive.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}
