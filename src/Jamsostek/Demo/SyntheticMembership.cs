namespace Jamsostek.Demo;

[Flags]
internal enum Programs : byte
{
    None = 0,
    Jkk = 1,
    Jkm = 2,
    Jht = 4,
    Jp = 8,
    Jkp = 16,
}

internal enum Segmen : byte
{
    PU,
    BPU,
    JAKON,
    PMI,
}

internal readonly record struct SyntheticRecord(long Kpj, Segmen Segmen, Programs Programs, bool Aktif, DateOnly IuranSampai, int Ordinal);

/// <summary>
/// The BPJS Ketenagakerjaan records of one person (SPEC 2.3), generated around a reference day, and the coverage status
/// they give on a day (SPEC 3.2) as the answer key states it.
/// </summary>
internal static class SyntheticMembership
{
    public const int MaxRecordsPerPerson = 4;

    public static readonly string[] StatusNames = ["NOT_REGISTERED", "NEEDS_REVIEW", "INACTIVE", "LAPSED", "PARTIAL", "EXPIRING", "COVERED"];

    /// <summary>The records of a roster person: who is covered and how depends on the role (village staff are enrolled by the desa, farmers mostly are not).</summary>
    public static int ForRosterPerson(ulong seed, long identity, string peran, DateOnly day, double changedFraction, Span<SyntheticRecord> into)
    {
        var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.Coverage, identity);
        var covered = peran switch
        {
            "PERANGKAT_DESA" => 0.85,
            "PENDAMPING_PKH" => 0.9,
            "BPD" => 0.7,
            "KETUA_RT" or "KETUA_RW" => 0.55,
            "KADER_POSYANDU" => 0.45,
            "NELAYAN" => 0.35,
            "PETANI" => 0.4,
            _ => 0.45,
        };
        if (!random.Chance(covered))
        {
            return 0;
        }

        var count = 0;
        var target = random.NextDouble();
        var wageEarner = peran is "PERANGKAT_DESA" or "PENDAMPING_PKH" && random.Chance(0.6);
        var segmen = wageEarner ? Segmen.PU : Segmen.BPU;
        var full = segmen == Segmen.PU ? Programs.Jkk | Programs.Jkm | Programs.Jht | Programs.Jp : random.Chance(0.7) ? Programs.Jkk | Programs.Jkm : Programs.Jkk | Programs.Jkm | Programs.Jht;
        var main = target switch
        {
            // COVERED: paid well past the expiring window.
            < 0.50 => Record(segmen, full, true, EndOfMonth(day.AddMonths(random.Between(2, 11)))),
            // EXPIRING: paid, but not for another 30 days.
            < 0.58 => Record(segmen, full, true, day.AddDays(random.Between(0, 29))),
            // LAPSED: still AKTIF but in arrears (a BPU member turns NONAKTIF after 3 unpaid months).
            < 0.75 => Record(segmen, full, true, day.AddDays(-random.Between(1, 89))),
            // INACTIVE.
            < 0.90 => Record(segmen, full, false, day.AddDays(-random.Between(90, 1500))),
            // PARTIAL: paid, but without JKK or without JKM.
            _ => Record(segmen, random.Chance(0.5) ? Programs.Jht : Programs.Jkk | Programs.Jht, true, EndOfMonth(day.AddMonths(random.Between(0, 6)))),
        };
        into[count++] = main;

        if (random.Chance(0.25))
        {
            // An old KPJ from a factory job (Cikande, Kibin): inactive, never the best record.
            into[count++] = Record(Segmen.PU, Programs.Jkk | Programs.Jkm | Programs.Jht | Programs.Jp, false, day.AddDays(-random.Between(400, 4000)));
        }

        if (random.Chance(0.05))
        {
            // A second active membership (a PU job and a BPU one): the later iuran_sampai is the best record.
            into[count++] = Record(Segmen.BPU, Programs.Jkk | Programs.Jkm, true, EndOfMonth(day.AddMonths(random.Between(-2, 4))));
        }

        return Finish(seed, identity, day, changedFraction, into[..count]);

        SyntheticRecord Record(Segmen s, Programs p, bool aktif, DateOnly iuran) => new(0, s, p, aktif, iuran, count);
    }

    /// <summary>The records of someone in Banten who is on no roster: mostly wage earners of the Tangerang and Cilegon industries.</summary>
    public static int ForOtherPerson(ulong seed, long identity, DateOnly day, Span<SyntheticRecord> into)
    {
        var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.Coverage, identity);
        var roll = random.NextDouble();
        var records = roll < 0.8 ? 1 : roll < 0.97 ? 2 : 3;
        for (var i = 0; i < records; i++)
        {
            var s = random.NextDouble() switch
            {
                < 0.7 => Segmen.PU,
                < 0.9 => Segmen.BPU,
                < 0.95 => Segmen.JAKON,
                _ => Segmen.PMI,
            };
            var programs = s switch
            {
                Segmen.PU => random.Chance(0.3) ? Programs.Jkk | Programs.Jkm | Programs.Jht | Programs.Jp | Programs.Jkp
                    : random.Chance(0.85) ? Programs.Jkk | Programs.Jkm | Programs.Jht | Programs.Jp : Programs.Jkk | Programs.Jkm | Programs.Jht,
                Segmen.BPU => random.Chance(0.7) ? Programs.Jkk | Programs.Jkm : Programs.Jkk | Programs.Jkm | Programs.Jht,
                Segmen.JAKON => Programs.Jkk | Programs.Jkm,
                _ => Programs.Jkk | Programs.Jkm | Programs.Jht,
            };
            // Earlier records of the same person are older jobs.
            var aktif = i == records - 1 ? random.Chance(0.82) : random.Chance(0.1);
            var iuran = aktif
                ? random.Chance(0.88) ? EndOfMonth(day.AddMonths(random.Between(0, 11))) : day.AddDays(-random.Between(1, 89))
                : day.AddDays(-random.Between(90, 5000));
            into[i] = new SyntheticRecord(0, s, programs, aktif, iuran, i);
        }

        return Finish(seed, identity, day, 0, into[..records]);
    }

    /// <summary>SPEC 3.2 on the person's records: the best one is active before inactive, later iuran_sampai first.</summary>
    public static string Status(ReadOnlySpan<SyntheticRecord> records, DateOnly asOf, int expiringWindowDays)
    {
        if (records.IsEmpty)
        {
            return "NOT_REGISTERED";
        }

        var best = records[0];
        foreach (var record in records[1..])
        {
            if ((record.Aktif && !best.Aktif) || (record.Aktif == best.Aktif && record.IuranSampai > best.IuranSampai))
            {
                best = record;
            }
        }

        return !best.Aktif ? "INACTIVE"
            : best.IuranSampai < asOf ? "LAPSED"
            : (best.Programs & (Programs.Jkk | Programs.Jkm)) != (Programs.Jkk | Programs.Jkm) ? "PARTIAL"
            : best.IuranSampai < asOf.AddDays(expiringWindowDays) ? "EXPIRING"
            : "COVERED";
    }

    public static string ProgramText(Programs programs) => programs switch
    {
        Programs.Jkk | Programs.Jkm => "JKK;JKM",
        Programs.Jkk | Programs.Jkm | Programs.Jht => "JKK;JKM;JHT",
        Programs.Jkk | Programs.Jkm | Programs.Jht | Programs.Jp => "JKK;JKM;JHT;JP",
        Programs.Jkk | Programs.Jkm | Programs.Jht | Programs.Jp | Programs.Jkp => "JKK;JKM;JHT;JP;JKP",
        Programs.Jht => "JHT",
        Programs.Jkk | Programs.Jht => "JKK;JHT",
        _ => string.Join(';', Enum.GetValues<Programs>().Where(p => p != Programs.None && programs.HasFlag(p)).Select(p => p.ToString().ToUpperInvariant())),
    };

    public static DateOnly EndOfMonth(DateOnly day) => new(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));

    /// <summary>
    /// Gives each record its KPJ (unique: derived from the person and the record's ordinal) and, in a "changed night"
    /// data set, applies the night's payments: a record is paid one more month, or an inactive one is reactivated.
    /// </summary>
    private static int Finish(ulong seed, long identity, DateOnly day, double changedFraction, Span<SyntheticRecord> records)
    {
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i] with { Kpj = Kpj(identity, i) };
            if (changedFraction > 0 && SyntheticRandom.Unit(SyntheticRandom.Hash(seed, SyntheticRandom.Stream.NightMember, (identity * MaxRecordsPerPerson) + i)) < changedFraction)
            {
                record = record.Aktif
                    ? record with { IuranSampai = EndOfMonth(record.IuranSampai.AddMonths(1)) }
                    : record with { Aktif = true, IuranSampai = EndOfMonth(day.AddMonths(1)) };
            }

            records[i] = record;
        }

        return records.Length;
    }

    /// <summary>An 11-digit participant number, unique per (person, ordinal): an affine permutation of the compact identity.</summary>
    private static long Kpj(long identity, int ordinal)
    {
        const long Space = 89_999_999_999L;
        var compact = ((identity >> 40) << 26) + (identity & ((1L << 26) - 1));
        var x = (compact * MaxRecordsPerPerson) + ordinal;
        return 10_000_000_000L + ((x * 15_485_863L) + 3_141_592_653L) % Space;
    }
}
