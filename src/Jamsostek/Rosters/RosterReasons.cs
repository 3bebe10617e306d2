namespace Jamsostek.Rosters;

/// <summary>
/// Why a roster row was quarantined or warned about, in Bahasa Indonesia for the village operator who fixes it:
/// one sentence naming the column, never the value (SPEC 6: no NIK in messages).
/// </summary>
public static class RosterReasons
{
    public const string NamaKosong = "Kolom nama kosong atau tidak berisi huruf.";
    public const string KodeDesaTidakDikenal = "Kolom kode_desa bukan kode desa Kabupaten Serang yang dikenal.";
    public const string KodeDesaKosong = "Kolom kode_desa kosong; isi dengan kode desa 10 angka, misalnya 3604052001.";
    public const string PeranTidakDikenal =
        "Kolom peran tidak cocok dengan satu pun peran dalam daftar (BPD, Ketua RT, Ketua RW, Perangkat Desa, Kader Posyandu, Pendamping PKH, Petani, Nelayan); peran lain ditulis Lainnya.";
    public const string TanggalLahirBukanTanggal = "Kolom tanggal_lahir bukan tanggal (pakai YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY).";
    public const string SelBergeser =
        "Baris ini memuat lebih banyak sel daripada judul kolom, sehingga sel-sel sesudah nama bergeser; sel yang memuat koma atau titik koma (nama bergelar, misalnya \"Sarip, S.Pd\") harus diberi tanda petik.";
    public const string BarisGanda = "Baris ganda: nik dan peran yang sama untuk desa ini sudah ada di baris sebelumnya.";

    public static string Describe(NikRejection rejection) => rejection switch
    {
        NikRejection.Empty => "Kolom nik kosong; isi dengan NIK 16 angka.",
        NikRejection.NotSixteenDigits => "Kolom nik tidak berisi tepat 16 angka.",
        NikRejection.ExcelNumber => "Kolom nik diubah Excel menjadi angka sehingga digit terakhir hilang; format kolom nik sebagai Teks lalu isi ulang NIK dari sumbernya.",
        NikRejection.TemporaryOpenSid => "Kolom nik berisi NIK sementara OpenSID (diawali 0), bukan NIK Dukcapil.",
        NikRejection.UnknownProvince => "Kolom nik memuat kode provinsi yang tidak dikenal.",
        NikRejection.UnknownRegency => "Kolom nik memuat kode kabupaten/kota yang tidak dikenal.",
        NikRejection.InvalidDay => "Kolom nik memuat kode tanggal lahir yang tidak mungkin (00, 32-40 atau di atas 71).",
        NikRejection.InvalidMonth => "Kolom nik memuat bulan lahir di luar 01-12.",
        NikRejection.DateDoesNotExist => "Kolom nik memuat tanggal lahir yang tidak ada di kalender.",
        NikRejection.SerialZero => "Kolom nik memuat nomor urut 0000.",
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, "Not a rejection."),
    };

    public static string Describe(NikWarnings warning) => warning switch
    {
        NikWarnings.KecamatanNotCurrent => "Kode kecamatan dalam kolom nik tidak ada di daftar kecamatan saat ini.",
        NikWarnings.YoungerThan15 => "Umur menurut kolom nik di bawah 15 tahun.",
        NikWarnings.BirthDateContradicts => "Kolom tanggal_lahir berbeda dengan tanggal lahir menurut nik; nik yang dipakai.",
        NikWarnings.SexContradicts => "Kolom jenis_kelamin berbeda dengan jenis kelamin menurut nik; nik yang dipakai.",
        _ => throw new ArgumentOutOfRangeException(nameof(warning), warning, "Describe one warning at a time."),
    };

    /// <summary>Each warning set once, so the entries of a file share the same few arrays.</summary>
    public static string[] Describe(NikWarnings warnings, Dictionary<NikWarnings, string[]> cache)
    {
        if (warnings == NikWarnings.None)
        {
            return [];
        }

        if (!cache.TryGetValue(warnings, out var described))
        {
            described = [.. Enum.GetValues<NikWarnings>().Where(w => w != NikWarnings.None && warnings.HasFlag(w)).Select(Describe)];
            cache[warnings] = described;
        }

        return described;
    }
}
