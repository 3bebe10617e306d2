namespace Jamsostek;

/// <summary>Files that hold personal data (SPEC 6): exports, digest previews, attachments being built.</summary>
public static class PrivateFile
{
    /// <summary>Options that create the file readable and writable by the worker's user only (on Unix; Windows inherits the folder's ACL).</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access = FileAccess.Write, FileOptions options = FileOptions.None)
    {
        var fileOptions = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, BufferSize = 1 << 16, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return fileOptions;
    }

    /// <summary>
    /// Creates the folder (and any missing parent) open to the worker's user and its group only (0750 on Unix): the inboxes'
    /// archive/, rejected/ and held/ keep every roster and register file taken, and a moved file keeps whatever mode it was
    /// dropped with. An existing folder is left as the admin set it.
    /// </summary>
    public static DirectoryInfo Folder(string path) =>
        OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

    /// <summary>
    /// A temporary file only the worker's user may read, deleted when closed; on Unix unlinked at once (the open handle still
    /// reads it), so a killed process leaves nothing behind in the temporary folder either.
    /// </summary>
    public static FileStream CreateTemporary(string prefix, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}{extension}");
        var file = new FileStream(path, Options(FileMode.CreateNew, FileAccess.ReadWrite, FileOptions.DeleteOnClose));
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return file;
    }
}
