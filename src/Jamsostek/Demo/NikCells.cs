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

    private readonly ushort[] counted = new ushort[regions.NikKecamatan.Length * DayCount * 2];
    private ushort[]? issued;

    // Newcomers of a "changed night" are numbered after everyone of the first data set, so nobody's NIK moves between the two.
    private ushort[]? countedNewcomers;
    private ushort[]? issuedNewcomers;

    /// <summary>Counts one more person in the cell (first pass): afterwards, the size of every cell.</summary>
    public void Count(int cell, bool newcomer)
    {
        if (newcomer)
        {
            countedNewcomers ??= new ushort[counted.Length];
            countedNewcomers[cell]++;
        }
        else
        {
            counted[cell]++;
        }
    }

    /// <summary>Starts the second pass: serials are handed out again.</summary>
    public void StartIssuing()
    {
        issued = new ushort[counted.Length];
        issuedNewcomers = countedNewcomers is null ? null : new ushort[counted.Length];
    }

    public static int Cell(int kecamatanIndex, DateOnly birthDate, bool female) =>
        (((kecamatanIndex * DayCount) + (birthDate.DayNumber - FirstBirthDate.DayNumber)) * 2) + (female ? 1 : 0);

    /// <summary>The next serial of the cell (1..9999): the cell's offset plus the arrival order.</summary>
    public int Issue(int cell, bool newcomer) => newcomer
        ? Serial(cell, counted[cell] + ++issuedNewcomers![cell])
        : Serial(cell, ++issued![cell]);

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
        return serial >= first && serial < first + counted[cell] + (countedNewcomers?[cell] ?? 0);
    }

    private int Serial(int cell, int order) =>
        1 + (int)(SyntheticRandom.Hash(seed, SyntheticRandom.Stream.CellBase, cell) % 400) + order - 1;

    private static void Two(Span<char> into, int value)
    {
        into[0] = (char)('0' + (value / 10 % 10));
        into[1] = (char)('0' + (value % 10));
    }
}
