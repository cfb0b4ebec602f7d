namespace Mus.Web.Data;

/// <summary>Where the application keeps its files (the SQLite database, the mail pickup folder): <c>DataDirectory</c>, default <c>./data</c>.</summary>
public static class DataDirectory
{
    public static string Get(IConfiguration configuration)
    {
        // Owner-only: the database and the mail folder (reset links) are nobody else's on the machine.
        return Infrastructure.Files.OwnerOnly.Folder(Path.GetFullPath(configuration["DataDirectory"] ?? "data"));
    }
}
