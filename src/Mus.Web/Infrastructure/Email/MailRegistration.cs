using Microsoft.AspNetCore.Identity;
using Mus.Web.Data;
using Mus.Web.Domain;

namespace Mus.Web.Infrastructure.Email;

public static class MailRegistration
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        options.PickupDirectory ??= Path.Combine(DataDirectory.Get(builder.Configuration), "mail");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddTransient<IEmailSender<AppUser>, AccountEmailSender>();
        return builder;
    }
}
