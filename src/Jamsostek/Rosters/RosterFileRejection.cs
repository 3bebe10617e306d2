using Jamsostek.Tabular;

namespace Jamsostek.Rosters;

/// <summary>
/// A roster file refused whole, said twice: in English for the admin's command line and log, and in Bahasa Indonesia for
/// the report beside the file in rejected/, which the village operator who sent it reads.
/// </summary>
internal static class RosterFileRejection
{
    public static InputRejectedException Of(string fileName, string problem, string masalah, Exception? inner = null) =>
        new($"File {fileName} is rejected: {problem}.", inner) { Indonesian = $"Berkas {fileName} ditolak: {masalah}." };

    public static InputRejectedException Unreadable(string fileName, UnreadableTableException ex) => Of(fileName, ex.Message, ex.Masalah, ex);

    public static InputRejectedException NotAWorkbook(string fileName, Exception inner) =>
        Of(fileName, "it is not a readable XLSX workbook", "isinya bukan buku kerja XLSX yang bisa dibaca", inner);
}
