namespace Jamsostek.Rosters;

/// <summary>
/// One roster row as the village wrote it (SPEC 2.1), every cell as text; <see cref="Baris"/> is its row number in the source.
/// <see cref="Shifted"/>: a CSV row with cells beyond its header (<see cref="Tabular.ITabularReader.HasCellsBeyond"/>).
/// </summary>
public readonly record struct RosterRow(
    int Baris,
    string? KodeDesa,
    string? Nik,
    string? Nama,
    string? TanggalLahir,
    string? JenisKelamin,
    string? Peran,
    string? NoHp,
    bool NikFromNumericCell = false,
    bool Shifted = false);

/// <summary>
/// A row that passed every check: codes normalised, birth date and sex from the NIK (the NIK wins, SPEC 3.1);
/// <see cref="TanggalLahirTertulis"/> is the birth date the village wrote, if any.
/// </summary>
public readonly record struct ValidRosterRow(
    int Baris,
    string KodeDesa,
    string Nik,
    string Peran,
    string Nama,
    DateOnly TanggalLahir,
    DateOnly? TanggalLahirTertulis,
    char JenisKelamin,
    string? NoHp,
    string[] Peringatan);

/// <summary>
/// A row with its checks done (<see cref="RosterRowValidator.Check"/>): what the snapshot writer stages. <see cref="Valid"/> when
/// it passed; otherwise <see cref="Alasan"/> and the codes that did parse. <see cref="NamaNormal"/> whenever it has a name.
/// </summary>
public readonly record struct RosterRowCheck(RosterRow Row, ValidRosterRow? Valid, string? NamaNormal, string Alasan, string? KodeDesa, string? Nik);
