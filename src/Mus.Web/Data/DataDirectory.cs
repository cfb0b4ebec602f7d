namespace Mus.Web.Data;

/// <summary>Where the application keeps its files (the SQLite database, the mail pickup folder): <c>DataDirectory</c>, default <c>./data</c>.</summary>
public static class DataDirectory
{
    public static string Get(IConfiguration configuration)
    {
        var directory = Path.GetFullPath(configuration["DataDirectory"] ?? "data");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
