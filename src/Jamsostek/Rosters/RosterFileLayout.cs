using System.Text.RegularExpressions;
using Jamsostek.Regions;
using Jamsostek.Tabular;

namespace Jamsostek.Rosters;

/// <summary>How a file's columns map to roster rows: the roster template of SPEC 2.1, or OpenSID's export (SPEC 2.2).</summary>
internal abstract class RosterFileLayout
{
    /// <summary>How many columns the header has (of two rows, the wider): a CSV row with cells beyond them was shifted.</summary>
    protected int HeaderWidth { get; init; }

    /// <summary>The roles this file is a full snapshot of; null for every role (the roster template).</summary>
    public abstract IReadOnlyList<string>? Perans { get; }

    /// <summary>The row of the reader's current record, or null for a record that is not a roster row (not a target occupation, no longer resident).</summary>
    public abstract RosterRow? Map(ITabularReader reader);

    /// <summary>True when the file has reached OpenSID's end marker (the rows from there on are not read); always false for the roster template.</summary>
    public virtual bool IsEnd(ITabularReader reader) => false;

    /// <summary>
    /// The layout of the reader's header, or of its header of two rows when the header lacks columns (DATA PRIBADI merged over
    /// NIK and NAMA, JABATAN merged down over both rows), as the membership importer reads one.
    /// </summary>
    public static RosterFileLayout Read(string fileName, ITabularReader reader, RosterReferenceData reference)
    {
        try
        {
            return For(fileName, reader.Header, reader.RowNumber, reference);
        }
        catch (InputRejectedException ex)
        {
            foreach (var twoRows in TabularHeader.TwoRowReadings(reader, RosterTemplateLayout.Known))
            {
                try
                {
                    return For(fileName, twoRows, reader.RowNumber, reference);
                }
                catch (InputRejectedException)
                {
                    // The other reading, or the first refusal.
                }
            }

            // No row names a column: the first, read as the header, is a title, and its missing columns are no help to a
            // village whose letterhead is longer than the title rows allowed.
            if (!reader.Header.Any(cell => RosterTemplateLayout.Known(TabularHeader.Normalise(cell))))
            {
                var rows = TabularHeader.MaxTitleRows + 1;
                throw RosterFileRejection.Of(
                    fileName,
                    $"no row among its first {rows} is a header naming the columns kode_desa, nik, nama and peran; at most {TabularHeader.MaxTitleRows} rows of title may stand above it",
                    $"tidak ada baris judul kolom (kode_desa, nik, nama, peran) di antara {rows} baris pertamanya; paling banyak {TabularHeader.MaxTitleRows} baris judul boleh berada di atasnya",
                    ex);
            }

            throw;
        }
    }

    /// <summary>
    /// Chooses the layout from the header in row <paramref name="headerRow"/>; a missing required column rejects the file
    /// whole (SPEC 2.1).
    /// </summary>
    public static RosterFileLayout For(string fileName, IReadOnlyList<string> header, int headerRow, RosterReferenceData reference)
    {
        var columns = header.Select(TabularHeader.Normalise).ToList();
        if (!columns.Contains("peran") && !columns.Contains("role") && columns.Contains("pekerjaan_id") && columns.Contains("nik"))
        {
            return OpenSidLayout.Create(fileName, columns, headerRow, reference);
        }

        return RosterTemplateLayout.Create(fileName, columns, headerRow);
    }

    /// <summary>
    /// Rejects the file naming every required column its header lacks, each with its English alias, and the header's row:
    /// below a village's title lines, the row taken as the header is not always the one the operator looks at.
    /// </summary>
    protected static void EnsureColumns(string fileName, int headerRow, params (int Index, string Column, string? Alias)[] required)
    {
        var missing = required.Where(r => r.Index < 0).Select(r => r.Alias is null ? $"'{r.Column}'" : $"'{r.Column}' ({r.Alias})").ToList();
        if (missing.Count > 0)
        {
            throw RosterFileRejection.Of(
                fileName,
                $"{TabularHeader.MissingColumns(missing)} from its header (row {headerRow})",
                $"{TabularHeader.KolomHilang(missing)} di baris judul kolomnya (baris {headerRow})");
        }
    }
}

/// <summary>The roster template of SPEC 2.1; headers case-insensitive, English aliases accepted.</summary>
internal sealed class RosterTemplateLayout : RosterFileLayout
{
    private int kodeDesa, nik, nama, tanggalLahir, jenisKelamin, peran, noHp;

    public override IReadOnlyList<string>? Perans => null;

    private static readonly string[] KodeDesaNames = ["kode_desa", "village_code"];
    private static readonly string[] NamaNames = ["nama", "name", "nama_lengkap"];
    private static readonly string[] TanggalLahirNames = ["tanggal_lahir", "birth_date"];
    private static readonly string[] JenisKelaminNames = ["jenis_kelamin", "sex"];
    private static readonly string[] PeranNames = ["peran", "role", "jabatan"];
    private static readonly string[] NoHpNames = ["no_hp", "phone"];

    private static readonly string[][] AllNames = [KodeDesaNames, ["nik"], NamaNames, TanggalLahirNames, JenisKelaminNames, PeranNames, NoHpNames];

    /// <summary>Whether a normalised header names a column of the template.</summary>
    public static bool Known(string name) => AllNames.Any(names => names.Contains(name));

    public static RosterTemplateLayout Create(string fileName, List<string> columns, int headerRow)
    {
        var layout = new RosterTemplateLayout
        {
            HeaderWidth = columns.Count,
            kodeDesa = TabularHeader.Find(columns, KodeDesaNames),
            nik = TabularHeader.Find(columns, "nik"),
            nama = TabularHeader.Find(columns, NamaNames),
            tanggalLahir = TabularHeader.Find(columns, TanggalLahirNames),
            jenisKelamin = TabularHeader.Find(columns, JenisKelaminNames),
            peran = TabularHeader.Find(columns, PeranNames),
            noHp = TabularHeader.Find(columns, NoHpNames),
        };
        EnsureColumns(
            fileName,
            headerRow,
            (layout.kodeDesa, "kode_desa", "village_code"),
            (layout.nik, "nik", null),
            (layout.nama, "nama", "name"),
            (layout.peran, "peran", "role"));
        return layout;
    }

    /// <summary>
    /// A row without a desa code, a NIK and a role is no roster row but what villages write around their table: a total
    /// ("Jumlah"), a place and date, a signature block ("Kepala Desa Serdang", the name under it). Quarantined, it named
    /// those lines as people with an unknown desa in every export of the rejects.
    /// </summary>
    public override RosterRow? Map(ITabularReader reader)
    {
        // Each cell read once: a CSV reader makes a new string on every read, a million rows a regency-wide import.
        var kodeDesaCell = reader.Get(kodeDesa);
        var nikCell = reader.Get(nik);
        var peranCell = reader.Get(peran);
        return string.IsNullOrWhiteSpace(kodeDesaCell) && string.IsNullOrWhiteSpace(nikCell) && string.IsNullOrWhiteSpace(peranCell)
            ? null
            : new RosterRow(
                reader.RowNumber,
                kodeDesaCell,
                nikCell,
                reader.Get(nama),
                tanggalLahir < 0 ? null : reader.Get(tanggalLahir),
                jenisKelamin < 0 ? null : reader.Get(jenisKelamin),
                peranCell,
                noHp < 0 ? null : reader.Get(noHp),
                reader.IsNumeric(nik),
                reader.HasCellsBeyond(HeaderWidth));
    }
}

/// <summary>
/// OpenSID's "Data Penduduk" export: the FormatImporExcel columns (alamat, dusun, rw, rt, nama, no_kk, nik, sex, tempatlahir,
/// tanggallahir, ..., pekerjaan_id, ..., status_dasar). Only target occupations are taken (ref.pekerjaan_peran); a row with
/// dusun '###' ends the data, as in OpenSID's own importer. The export has no village column, so the file name carries it.
/// </summary>
internal sealed partial class OpenSidLayout : RosterFileLayout
{
    public const string SheetName = "Data Penduduk";

    private RosterReferenceData reference = null!;
    private string? kodeDesaFromName;
    private int kodeDesa, nik, nama, tanggalLahir, sex, pekerjaan, statusDasar, dusun;

    public override IReadOnlyList<string>? Perans => reference.OpenSidPerans;

    public static OpenSidLayout Create(string fileName, List<string> columns, int headerRow, RosterReferenceData reference)
    {
        var layout = new OpenSidLayout
        {
            HeaderWidth = columns.Count,
            reference = reference,
            kodeDesa = TabularHeader.Find(columns, "kode_desa", "village_code"),
            nik = TabularHeader.Find(columns, "nik"),
            nama = TabularHeader.Find(columns, "nama"),
            tanggalLahir = TabularHeader.Find(columns, "tanggallahir", "tanggal_lahir"),
            sex = TabularHeader.Find(columns, "sex", "jenis_kelamin"),
            pekerjaan = TabularHeader.Find(columns, "pekerjaan_id"),
            statusDasar = TabularHeader.Find(columns, "status_dasar"),
            dusun = TabularHeader.Find(columns, "dusun"),
        };
        EnsureColumns(fileName, headerRow, (layout.nama, "nama", null));

        if (layout.kodeDesa < 0)
        {
            var match = KodeDesaInName().Match(Path.GetFileName(fileName));
            if (!match.Success)
            {
                throw RosterFileRejection.Of(
                    fileName,
                    "an OpenSID export has no kode_desa column, so its file name must start with the village code (e.g. 3604052001-penduduk.xlsx)",
                    "ekspor OpenSID tidak punya kolom kode_desa, jadi nama berkasnya harus diawali kode desa (misalnya 3604052001-penduduk.xlsx)");
            }

            layout.kodeDesaFromName = RegionCode.Digits(match.Value);
        }

        return layout;
    }

    public override bool IsEnd(ITabularReader reader) => dusun >= 0 && reader.Get(dusun) == "###";

    public override RosterRow? Map(ITabularReader reader)
    {
        // status_dasar 1 is alive and resident (SPEC 2.2); a row that is not is simply not listed, so the person leaves.
        var status = statusDasar < 0 ? null : reader.Get(statusDasar);
        if (!string.IsNullOrEmpty(status) && status != "1" && !status.Equals("HIDUP", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var peran = PeranOf(reader.Get(pekerjaan));
        if (peran is null)
        {
            return null;
        }

        return new RosterRow(
            reader.RowNumber,
            kodeDesaFromName ?? reader.Get(kodeDesa),
            reader.Get(nik),
            reader.Get(nama),
            tanggalLahir < 0 ? null : OpenSidTanggalLahir.Of(reader.Get(tanggalLahir)),
            sex < 0 ? null : reader.Get(sex),
            peran,
            null,
            reader.IsNumeric(nik),
            reader.HasCellsBeyond(HeaderWidth));
    }

    private string? PeranOf(string? pekerjaanCell)
    {
        if (string.IsNullOrWhiteSpace(pekerjaanCell))
        {
            return null;
        }

        if (!int.TryParse(pekerjaanCell, out var id) && !reference.PekerjaanByName.TryGetValue(pekerjaanCell.Trim().ToUpperInvariant(), out id))
        {
            return null;
        }

        return reference.PekerjaanPeran.GetValueOrDefault(id);
    }

    [GeneratedRegex(@"^(\d{2}\.\d{2}\.\d{2}\.\d{4}|\d{10})(?!\d)")]
    private static partial Regex KodeDesaInName();
}
