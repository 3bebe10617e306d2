using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Jamsostek.Rosters;
using Jamsostek.Tabular;

namespace Jamsostek.Membership;

/// <summary>One record of the BPJS register (SPEC 2.3), validated.</summary>
internal sealed record MembershipRecord(
    string Nik,
    string Kpj,
    string Nama,
    DateOnly? TanggalLahir,
    string Segmen,
    string[] Program,
    string Status,
    DateOnly? IuranSampai)
{
    /// <summary>
    /// The record's whole content as one 128-bit key (membership.record.kunci, migration 0202): equal keys, equal records.
    /// Every text is length-prefixed, so no two different records write the same bytes; the normalised name is in it too,
    /// so a changed normaliser replaces every record once.
    /// </summary>
    public Guid KeyOf(string namaNormal)
    {
        var texts = Nik.Length + Kpj.Length + Nama.Length + namaNormal.Length + Segmen.Length + Status.Length;
        foreach (var p in Program)
        {
            texts += p.Length;
        }

        // One contiguous buffer hashed at once: an Append per field cost as much as reading the row.
        var size = (2 * texts) + (4 * (6 + Program.Length + 3));
        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var at = 0;
            void Text(Span<byte> to, string text)
            {
                BinaryPrimitives.WriteInt32LittleEndian(to[at..], text.Length);
                MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(to[(at + 4)..]);
                at += 4 + (2 * text.Length);
            }

            void Number(Span<byte> to, int number)
            {
                BinaryPrimitives.WriteInt32LittleEndian(to[at..], number);
                at += 4;
            }

            Text(buffer, Nik);
            Text(buffer, Kpj);
            Text(buffer, Nama);
            Text(buffer, namaNormal);
            Number(buffer, TanggalLahir?.DayNumber ?? -1);
            Text(buffer, Segmen);
            Number(buffer, Program.Length);
            foreach (var p in Program)
            {
                Text(buffer, p);
            }

            Text(buffer, Status);
            Number(buffer, IuranSampai?.DayNumber ?? -1);
            Span<byte> hash = stackalloc byte[16];
            XxHash128.Hash(buffer[..at], hash);
            return new Guid(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>
/// A row left out of the register, or kept with a field left empty (<paramref name="RecordKept"/>): its file, number and
/// the field at fault, never the value (SPEC 6).
/// </summary>
public sealed record MembershipRowProblem(string File, int Row, string Field, string Reason, bool RecordKept = false)
{
    public override string ToString() => $"{File}, row {Row}, field {Field}: {Reason}.";
}

/// <summary>
/// The columns of SPEC 2.3, found by header (case-insensitive, in any order, or under the longer names a branch office's
/// export gives them), and the rules a row must pass.
/// </summary>
internal sealed class MembershipColumns
{
    /// <summary>SPEC 2.3's columns, each with the longer names an office export gives it. Only names that mean the same
    /// thing: "Tgl Iuran Terakhir" (the day of the last payment) is not the day paid through.</summary>
    private static readonly (string Column, string[] Names)[] Columns =
    [
        ("nik", ["nik"]),
        ("kpj", ["kpj", "no_kpj", "nomor_kpj"]),
        ("nama", ["nama", "nama_peserta", "nama_tenaga_kerja"]),
        ("tanggal_lahir", ["tanggal_lahir", "tgl_lahir"]),
        ("segmen", ["segmen", "segmen_peserta", "segmen_kepesertaan"]),
        ("program", ["program", "program_kepesertaan"]),
        ("status", ["status", "status_peserta", "status_kepesertaan"]),
        ("iuran_sampai", ["iuran_sampai", "iuran_sampai_dengan", "tgl_iuran_sampai", "iuran_s/d", "iuran_sd"]),
    ];

    public static readonly string[] Required = [.. Columns.Select(c => c.Column)];

    /// <summary>Whether a normalised header cell names one of the columns (for a header of two rows, <see cref="TabularHeader.OverRow"/>).</summary>
    public static bool Known(string name) => Columns.Any(c => c.Names.Contains(name, StringComparer.Ordinal));

    /// <summary>SPEC 2.3's segments, under their codes or their names in full (a record left out would turn a paying member
    /// NOT_REGISTERED, or let an older card of theirs decide).</summary>
    private static readonly Dictionary<string, string> Segmens = new(StringComparer.Ordinal)
    {
        ["PU"] = "PU",
        ["PENERIMAUPAH"] = "PU",
        ["BPU"] = "BPU",
        ["BUKANPENERIMAUPAH"] = "BPU",
        ["JAKON"] = "JAKON",
        ["JASAKONSTRUKSI"] = "JAKON",
        ["PMI"] = "PMI",
        ["PEKERJAMIGRANINDONESIA"] = "PMI",
        ["PEKERJAMIGRAN"] = "PMI",
    };

    private static readonly HashSet<string> Programs = ["JKK", "JKM", "JHT", "JP", "JKP"];

    /// <summary>The programmes' names in full, as an office may write them instead of the codes.</summary>
    private static readonly (string Name, string Code)[] ProgramNames =
    [
        ("JAMINAN KECELAKAAN KERJA", "JKK"),
        ("JAMINAN KEMATIAN", "JKM"),
        ("JAMINAN HARI TUA", "JHT"),
        ("JAMINAN PENSIUN", "JP"),
        ("JAMINAN KEHILANGAN PEKERJAAN", "JKP"),
    ];

    // SPEC's ';' and whatever else an office types between two programmes (JKK, JKM; JKK/JKM; JKK & JKM; JKK+JKM; JKK-JKM;
    // JKK dan JKM).
    private static readonly char[] ProgramSeparators = [';', ',', '/', ' ', '&', '+', '-', '|', '\u00A0'];

    private readonly string fileName;
    private readonly Dictionary<string, int> index;
    private readonly int headerCells;
    private readonly int lastRequired;

    private MembershipColumns(string fileName, Dictionary<string, int> index, int headerCells)
    {
        this.fileName = fileName;
        this.index = index;
        this.headerCells = headerCells;
        lastRequired = Required.Max(c => index[c]);
    }

    /// <summary>The columns, or every required column the header lacks.</summary>
    public static (MembershipColumns? Columns, string[] Missing) Find(string fileName, IReadOnlyList<string> header)
    {
        var names = header.Select(TabularHeader.Normalise).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (column, aliases) in Columns)
        {
            if (TabularHeader.Find(names, aliases) is var at and >= 0)
            {
                index[column] = at;
            }
        }

        string[] missing = [.. Required.Where(c => !index.ContainsKey(c))];
        return missing.Length == 0 ? (new MembershipColumns(fileName, index, header.Count), missing) : (null, missing);
    }

    /// <summary>
    /// The row's record, or null when it is left out. Only a birth date that is not a date keeps the record (without one):
    /// it serves matching's fallbacks alone, and leaving the record out would report a paying member as not registered.
    /// </summary>
    public MembershipRecord? Parse(ITabularReader reader, List<MembershipRowProblem> problems, out bool notARecord)
    {
        var row = reader.RowNumber;
        string Field(string name) => reader.Get(index[name])?.Trim() ?? "";

        // A line around the table with neither NIK nor KPJ (a total, the place and date, a signature) is no record of anyone,
        // and not a bad row either, as in a roster file: reported, each gave a line per column.
        var nikCell = Field("nik");
        var kpj = Field("kpj");
        notARecord = nikCell.Length == 0 && kpj.Length == 0;
        if (notARecord)
        {
            return null;
        }

        var leftOut = false;
        void Problem(string field, string reason, bool recordKept = false)
        {
            problems.Add(new(fileName, row, field, reason, recordKept));
            leftOut |= !recordKept;
        }

        // A CSV row cut short would read its missing cells as empty: an unpaid member, not a broken line.
        if (reader.CellCount <= lastRequired)
        {
            var cells = reader.CellCount;
            Problem(Required.First(c => index[c] >= cells), $"missing: the row has {cells} cells where the header has {headerCells}");
            return null;
        }

        var nikText = Nik.WithoutTextPrefix(nikCell);
        var nik = nikText.Length == nikCell.Length ? nikCell : nikText.ToString();

        if (reader.IsNumeric(index["nik"]) || Nik.LooksLikeExcelNumber(nik))
        {
            Problem("nik", "written as a number, which keeps only 15 digits; format the column as text");
        }
        else
        {
            if (nik.AsSpan().ContainsAny(Nik.Separators))
            {
                nik = string.Concat(nik.Where(c => !Nik.IsSeparator(c)));
            }

            if (nik.Length != 16 || !nik.All(char.IsAsciiDigit))
            {
                Problem("nik", "not 16 digits");
            }
        }

        if (kpj.Length == 0)
        {
            Problem("kpj", "empty");
        }

        var nama = Field("nama");
        if (nama.Length == 0)
        {
            Problem("nama", "empty");
        }

        var tanggalLahir = ParseDate(Field("tanggal_lahir"), twoDigitYear: false, out var tanggalLahirBad);
        if (tanggalLahirBad)
        {
            Problem("tanggal_lahir", $"not a date ({DateForms}); the record is kept without a birth date", recordKept: true);
        }

        var segmenText = Field("segmen").ToUpperInvariant();
        if (!Segmens.TryGetValue(segmenText, out var segmen) && !Segmens.TryGetValue(string.Concat(segmenText.Where(char.IsAsciiLetter)), out segmen))
        {
            Problem("segmen", "not one of PU, BPU, JAKON, PMI");
        }

        var programText = Field("program").ToUpperInvariant();
        if (programText.Contains("JAMINAN", StringComparison.Ordinal))
        {
            foreach (var (name, code) in ProgramNames)
            {
                programText = programText.Replace(name, code, StringComparison.Ordinal);
            }
        }

        var program = programText.Split(ProgramSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Array.IndexOf(program, "DAN") >= 0)
        {
            program = [.. program.Where(p => p != "DAN")];
        }

        if (program.Length == 0 || !program.All(Programs.Contains))
        {
            Problem("program", "not a ;-separated list of JKK, JKM, JHT, JP, JKP");
        }

        // Written Aktif, NON AKTIF, Non-Aktif or Tidak Aktif, with any space (Excel's non-breaking one too) inside.
        var status = string.Concat(Field("status").ToUpperInvariant().Where(c => !char.IsWhiteSpace(c) && c != '-'));
        if (status == "TIDAKAKTIF")
        {
            status = "NONAKTIF";
        }

        if (status is not ("AKTIF" or "NONAKTIF"))
        {
            Problem("status", "not AKTIF or NONAKTIF");
        }

        // A paid-through day is this century's: 30/06/27 is 2027 (a birth date's two-digit year could be either).
        var iuranSampai = ParseDate(Field("iuran_sampai"), twoDigitYear: true, out var iuranSampaiBad);
        if (iuranSampaiBad)
        {
            Problem("iuran_sampai", $"not a date ({DateForms})");
        }

        return leftOut
            ? null
            : new MembershipRecord(nik, kpj, nama, tanggalLahir, segmen!, [.. program.Distinct()], status, iuranSampai);
    }

    private const string DateForms = "YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY/MM/DD or 30-Jun-2027 with the month in Indonesian or English";

    /// <summary>
    /// SPEC 2.3 writes dates YYYY-MM-DD; a file saved through Indonesian Excel writes them DD/MM/YYYY, as the rosters may
    /// (<see cref="TabularDate"/>), and an office's own export in the other forms <see cref="TabularDate.TryParseOffice"/>
    /// reads. An empty cell is no date (an unknown birth date only weakens matching).
    /// </summary>
    private static DateOnly? ParseDate(string text, bool twoDigitYear, out bool bad)
    {
        bad = false;
        if (text.Length == 0)
        {
            return null;
        }

        if (TabularDate.TryParse(text, out var date) || TabularDate.TryParseOffice(text, twoDigitYear, out date))
        {
            return date;
        }

        bad = true;
        return null;
    }
}
