namespace Mus.Tests.Infrastructure;

/// <summary>Files the tests read from the repository itself (documentation, fixtures of earlier releases).</summary>
public static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mus.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root (Mus.slnx) was not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
