namespace Mus.Web.Infrastructure.Files;

/// <summary>Where the application keeps its files (the SQLite database, the mail pickup folder): <c>DataDirectory</c>, default <c>./data</c>.</summary>
public static class DataDirectory
{
    public static string Get(IConfiguration configuration)
    {
        // Owner-only: the database and the mail folder (reset links) are nobody else's on the machine.
        return OwnerOnly.Folder(Path.GetFullPath(configuration["DataDirectory"] ?? "data"));
    }
}
