namespace Jamsostek.Demo;

/// <summary>
/// Makes every synthetic NIK unique by construction. A NIK is kecamatan + birth date (+40 for women) + serial (SPEC 3.1);
/// the serial is the person's arrival order in their (kecamatan, birth date, sex) cell on top of a per-cell offset, as
/// Dukcapil numbers them. A first pass counts each cell, so a second pass can tell whether a mistyped NIK in a roster
/// happens to be some other real person's NIK, the case where an exact-NIK match links the wrong person.
/// </summary>
internal sealed class NikCells(ulong seed, SyntheticRegions regions)
{
    public static readonly DateOnly FirstBirthDate = new(1950, 1, 1);
    public static readonly DateOnly LastBirthDate = new(2010, 12, 31);
    private static readonly int DayCount = LastBirthDate.DayNumber - FirstBirthDate.DayNumber + 1;

    private readonly int size = regions.NikKecamatan.Length * DayCount * 2;

    // One counter per generation: roster people, then the register's other people, then a changed night's newcomers,
    // each numbered after the ones before, so nobody's NIK moves between a data set and its changed night and the
    // generations can be written in parallel.
    private readonly ushort[]?[] counted = new ushort[]?[3];
    private readonly ushort[]?[] issued = new ushort[]?[3];

    /// <summary>Counts one more person in the cell (first pass): afterwards, the size of every cell.</summary>
    public void Count(int cell, NikGeneration generation) => (counted[(int)generation] ??= new ushort[size])[cell]++;

    /// <summary>Starts the second pass: serials are handed out again, each generation by one thread.</summary>
    public void StartIssuing()
    {
        for (var g = 0; g < counted.Length; g++)
        {
            issued[g] = counted[g] is null ? null : new ushort[size];
        }
    }

    public static int Cell(int kecamatanIndex, DateOnly birthDate, bool female) =>
        (((kecamatanIndex * DayCount) + (birthDate.DayNumber - FirstBirthDate.DayNumber)) * 2) + (female ? 1 : 0);

    /// <summary>The next serial of the cell (1..9999): the cell's offset, the earlier generations, the arrival order.</summary>
    public int Issue(int cell, NikGeneration generation)
    {
        var before = 0;
        for (var g = 0; g < (int)generation; g++)
        {
            before += counted[g]?[cell] ?? 0;
        }

        return Serial(cell, before + ++issued[(int)generation]![cell]);
    }

    public string Nik(int kecamatanIndex, DateOnly birthDate, bool female, int serial)
    {
        Span<char> nik = stackalloc char[16];
        regions.NikKecamatan[kecamatanIndex].AsSpan().CopyTo(nik);
        Two(nik[6..], birthDate.Day + (female ? 40 : 0));
        Two(nik[8..], birthDate.Month);
        Two(nik[10..], birthDate.Year % 100);
        Two(nik[12..], serial / 100);
        Two(nik[14..], serial % 100);
        return new string(nik);
    }

    /// <summary>True when these 16 digits are the NIK of some synthetic person (counted in the first pass).</summary>
    public bool IsIssued(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 16 || !int.TryParse(digits[..6], out var kecamatan) || !regions.TryNikKecamatanIndex(kecamatan, out var index)
            || !int.TryParse(digits[6..8], out var day) || !int.TryParse(digits[8..10], out var month)
            || !int.TryParse(digits[10..12], out var yy) || !int.TryParse(digits[12..], out var serial))
        {
            return false;
        }

        var female = day > 40;
        day -= female ? 40 : 0;
        var year = yy <= LastBirthDate.Year % 100 ? 2000 + yy : 1900 + yy;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var birthDate = new DateOnly(year, month, day);
        if (birthDate < FirstBirthDate || birthDate > LastBirthDate)
        {
            return false;
        }

        var cell = Cell(index, birthDate, female);
        var first = Serial(cell, 1);
        var total = 0;
        foreach (var generation in counted)
        {
            total += generation?[cell] ?? 0;
        }

        return serial >= first && serial < first + total;
    }

    private int Serial(int cell, int order) =>
        1 + (int)(SyntheticRandom.Hash(seed, SyntheticRandom.Stream.CellBase, cell) % 400) + order - 1;

    private static void Two(Span<char> into, int value)
    {
        into[0] = (char)('0' + (value / 10 % 10));
        into[1] = (char)('0' + (value % 10));
    }
}

internal enum NikGeneration
{
    Roster,
    Other,
    Newcomer,
}
