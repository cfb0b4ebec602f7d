namespace Mus.Web.Infrastructure.Files;

/// <summary>
/// The data folder and the files MUS writes into it (the database, mails holding live reset links, the
/// shred journal, the certificate that opens the key ring) are the service account's alone: on Linux a
/// folder is created 0700 and a file 0600, and a data folder that already exists is narrowed to 0700.
/// Windows folders inherit the ACL of where they are made; there the operator's choice of place decides.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and any above it that are missing) for the owner only; narrows it if it exists and is ours.</summary>
    public static string Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        Directory.CreateDirectory(path, FolderMode);
        try
        {
            if ((File.GetUnixFileMode(path) & ~FolderMode) != 0)
            {
                File.SetUnixFileMode(path, FolderMode);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Someone else's folder (a volume mounted for us): its owner decides who may read it.
        }

        return path;
    }

    /// <summary>A file stream whose file, if this creates it, only the owner may read.</summary>
    public static FileStream Open(string path, System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.None)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }
}
