using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace Mus.Web.Infrastructure.Settings;

/// <summary>A section of the settings that knows which of its values cannot work.</summary>
public interface ISettings
{
    /// <summary>Each value that cannot work, in a sentence that names the setting ("Mail:MaxAttempts must be positive."); none when all can.</summary>
    IEnumerable<string> Problems();
}

/// <summary>A setting that cannot work: MUS stops at start with this one line (exit code 2).</summary>
public sealed class SettingsException(string message) : InvalidOperationException(message);

/// <summary>
/// The one way MUS reads its settings: a section bound to a class, completed (defaults that depend on
/// other settings), checked at start (<c>ValidateOnStart</c>), and handed to whoever needs it as the class
/// itself. The few choices made while the services are registered (which sign-in schemes, which
/// background jobs) take the same values, read and checked at once.
/// </summary>
public static class SettingsRegistration
{
    public static T AddSettings<T>(this WebApplicationBuilder builder, string section, Action<T>? complete = null)
        where T : class, ISettings, new()
    {
        builder.Services.AddOptions<T>()
            .BindConfiguration(section)
            .PostConfigure(values => complete?.Invoke(values))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>, ProblemsValidator<T>>();
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<T>>().Value);
        var values = Read(builder.Configuration.GetSection(section), complete);
        builder.Host.Properties[typeof(T)] = values;
        return values;
    }

    /// <summary>A section another folder's registration added (the database's provider decides several things).</summary>
    public static T Settings<T>(this WebApplicationBuilder builder) where T : class, ISettings =>
        builder.Host.Properties.TryGetValue(typeof(T), out var values)
            ? (T)values
            : throw new InvalidOperationException($"{typeof(T).Name} is read by its own folder's registration, which must come first.");

    /// <summary>Binds and checks one section now; a value that cannot be read or cannot work throws <see cref="SettingsException"/> naming it.</summary>
    public static T Read<T>(IConfigurationSection section, Action<T>? complete = null) where T : class, ISettings, new()
    {
        if (Unreadable(section, typeof(T)) is { } unreadable)
        {
            throw new SettingsException(unreadable);
        }

        var values = section.Get<T>() ?? new T();
        complete?.Invoke(values);
        var problems = values.Problems().ToList();
        return problems.Count == 0 ? values : throw new SettingsException(string.Join(" ", problems));
    }

    /// <summary>
    /// The binder's own message for a value of the wrong kind quotes the value (which may be a secret put in
    /// the wrong place); this one names the setting and the kind it must be.
    /// </summary>
    private static string? Unreadable(IConfigurationSection section, Type type)
    {
        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (kind == typeof(string) || !TypeDescriptor.GetConverter(kind).CanConvertFrom(typeof(string))
                || section[property.Name] is not { Length: > 0 } raw)
            {
                continue;
            }

            try
            {
                // Every number of MUS's settings is a count or a time: not NaN, not infinite, and small enough
                // that a TimeSpan made from it cannot overflow.
                if (TypeDescriptor.GetConverter(kind).ConvertFromInvariantString(raw) is double number && !(double.IsFinite(number) && Math.Abs(number) <= LargestNumber))
                {
                    return $"{section.Path}:{property.Name} must be a number up to {LargestNumber}.";
                }
            }
            catch (Exception wrongKind) when (wrongKind is FormatException or ArgumentException or NotSupportedException || wrongKind.InnerException is FormatException or OverflowException)
            {
                return $"{section.Path}:{property.Name} must be {KindName(kind)}.";
            }
        }

        return null;
    }

    private const double LargestNumber = 1_000_000;

    private static string KindName(Type kind) =>
        kind == typeof(bool) ? "true or false"
        : kind == typeof(int) || kind == typeof(long) ? "a whole number"
        : kind == typeof(double) || kind == typeof(decimal) ? "a number"
        : kind.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(kind))
        : "a " + kind.Name;

    private sealed class ProblemsValidator<T> : IValidateOptions<T> where T : class, ISettings
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
