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
}
