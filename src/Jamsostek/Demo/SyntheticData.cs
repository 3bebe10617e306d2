using System.Collections;
using System.Diagnostics;
using System.Text;

namespace Jamsostek.Demo;

/// <summary>
/// Deterministic synthetic data on the real Serang desa: village roster files (SPEC 2.1) with the mistakes villages make,
/// a BPJS membership file (SPEC 2.3) keyed by the true NIK, and an answer key (kunci_jawaban.csv) giving each roster row's
/// true NIK and true coverage status (SPEC 3.2). Everything streams to disk; memory is a few fixed-size tables.
/// </summary>
public sealed class SyntheticData
{
    public const string TruthFileName = "kunci_jawaban.csv";
    public const string ManifestFileName = "roster_manifest.csv";

    private const long OtherIdentity = 1L << 40;
    private const long NewcomerIdentity = 2L << 40;
    private const double SecondRoleRate = 0.03;

    private static readonly string[] StructuralRoles = ["PERANGKAT_DESA", "BPD", "KETUA_RW", "KETUA_RT", "KADER_POSYANDU", "PENDAMPING_PKH"];

    private static readonly Dictionary<string, string> RoleLabels = new()
    {
        ["PERANGKAT_DESA"] = "Perangkat Desa",
        ["BPD"] = "BPD",
        ["KETUA_RW"] = "Ketua RW",
        ["KETUA_RT"] = "Ketua RT",
        ["KADER_POSYANDU"] = "Kader Posyandu",
        ["PENDAMPING_PKH"] = "Pendamping PKH",
        ["PETANI"] = "Petani",
        ["NELAYAN"] = "Nelayan",
        ["LAINNYA"] = "Lainnya",
    };

    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    private static readonly Encoding Utf8Bom = new UTF8Encoding(true);

    private readonly SyntheticDataParameters parameters;
    private readonly ulong seed;
    private readonly SyntheticRegions regions = SyntheticRegions.Instance;
    private readonly NikCells cells;
    private readonly DesaPlan[] plans;
    private readonly int[][] otherKecamatanByRegency;
    private readonly double[] otherRegencyWeights;
    private BitArray twinTargets = new(0);
    private int others;
    private int lastOtherRecords;

    private SyntheticData(SyntheticDataParameters parameters)
    {
        if (parameters.RosterEntries < SyntheticRegions.Instance.Desa.Length)
        {
            throw new ArgumentException($"RosterEntries must be at least {SyntheticRegions.Instance.Desa.Length}, one per desa.", nameof(parameters));
        }

        this.parameters = parameters;
        seed = parameters.Seed;
        cells = new NikCells(seed, regions);
        plans = PlanDesa();
        (otherKecamatanByRegency, otherRegencyWeights) = PlanOtherRegencies();
    }

    public static SyntheticDataSummary Generate(SyntheticDataParameters parameters, SyntheticDataFolders folders, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(folders.Rosters);
        Directory.CreateDirectory(folders.Membership);
        Directory.CreateDirectory(folders.Truth);
        var data = new SyntheticData(parameters);
        data.CountPeople(cancellationToken);
        return data.Write(folders, stopwatch, cancellationToken);
    }

    /// <summary>The first pass: how many people share each NIK cell, which roster people get a name twin, how many others fill the register.</summary>
    private void CountPeople(CancellationToken cancellationToken)
    {
        Span<SyntheticRecord> records = stackalloc SyntheticRecord[SyntheticMembership.MaxRecordsPerPerson];
        long rosterRecords = 0;
        foreach (var plan in plans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var position = 0; position < plan.Count; position++)
            {
                var entry = plan.Start + position;
                var peran = Role(plan, position);
                if (ReusedPerson(plan, position) < 0)
                {
                    var person = RosterDemographics(entry, peran, plan);
                    cells.Count(person.Cell, NikGeneration.Roster);
                    rosterRecords += SyntheticMembership.ForRosterPerson(seed, entry, peran, parameters.ReferenceDate, 0, records);
                }
            }
        }

        twinTargets = new BitArray(parameters.RosterEntries);
        long total = rosterRecords;
        var other = 0;
        while (total < parameters.MembershipRecords)
        {
            var person = OtherDemographics(other);
            cells.Count(person.Cell, NikGeneration.Other);
            if (person.TwinOf >= 0)
            {
                twinTargets[(int)person.TwinOf] = true;
            }

            lastOtherRecords = SyntheticMembership.ForOtherPerson(seed, OtherIdentity + other, parameters.ReferenceDate, records);
            total += lastOtherRecords;
            other++;
        }

        others = other;
        lastOtherRecords -= (int)(total - Math.Max(parameters.MembershipRecords, rosterRecords));

        if (parameters.ChangedFraction > 0)
        {
            foreach (var plan in plans)
            {
                for (var position = 0; position < plan.Count; position++)
                {
                    var entry = plan.Start + position;
                    if (NightChange(entry) == Change.Replaced)
                    {
                        cells.Count(RosterDemographics(NewcomerIdentity + entry, Role(plan, position), plan).Cell, NikGeneration.Newcomer);
                    }
                }
            }
        }
    }

    private SyntheticDataSummary Write(SyntheticDataFolders folders, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        cells.StartIssuing();
        // The branch office's file of the day: a changed night's file is the next day's.
        var membershipPath = Path.Combine(folders.Membership, $"kepesertaan_bpjstk_{parameters.TruthDate:yyyyMMdd}.csv");
        var truthPath = Path.Combine(folders.Truth, TruthFileName);
        var manifestPath = Path.Combine(folders.Truth, ManifestFileName);

        using var membership = new CsvOut(membershipPath, Utf8, ',');
        membership.Plain("nik").Plain("kpj").Plain("nama").Plain("tanggal_lahir").Plain("segmen").Plain("program").Plain("status").Plain("iuran_sampai").EndRow();
        using var truth = new CsvOut(truthPath, Utf8, ',');
        truth.Plain("file").Plain("baris").Plain("kode_desa").Plain("kode_desa_benar").Plain("nik").Plain("nik_benar").Plain("peran")
            .Plain("status_benar").Plain("karantina").Plain("kesalahan").Plain("nik_milik_orang_lain").Plain("kembaran_di_bpjs").EndRow();
        using var manifest = new CsvOut(manifestPath, Utf8, ',');
        manifest.Plain("file").Plain("delimiter").Plain("encoding").Plain("columns").Plain("rows").EndRow();

        // Two independent halves on two threads: the rosters with their people's records, and everyone else in the
        // register (appended after them). NIK serials are numbered per generation, so the output does not depend on timing.
        var othersPath = membershipPath + ".others";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var othersWritten = Task.Run(() => WriteOthers(othersPath, stop.Token), stop.Token);
        RosterTotals totals;
        try
        {
            totals = WriteRosters(folders, membership, truth, manifest, cancellationToken);
        }
        catch
        {
            stop.Cancel();
            ((IAsyncResult)othersWritten).AsyncWaitHandle.WaitOne();
            File.Delete(othersPath);
            throw;
        }

        var (otherRows, otherPeople) = othersWritten.GetAwaiter().GetResult();
        membership.Append(othersPath);
        membership.Complete();
        truth.Complete();
        manifest.Complete();
        return new SyntheticDataSummary(
            totals.RosterPaths.Count, totals.RosterRows, totals.RosterPeople, totals.MembershipRows + otherRows, totals.MembershipPeople + otherPeople,
            totals.Quarantined, totals.StatusCounts, totals.RosterPaths, membershipPath, truthPath, manifestPath, stopwatch.Elapsed);
    }

    private RosterTotals WriteRosters(SyntheticDataFolders folders, CsvOut membership, CsvOut truth, CsvOut manifest, CancellationToken cancellationToken)
    {
        var truthDate = parameters.TruthDate;
        var statusCounts = SyntheticMembership.StatusNames.ToDictionary(s => s, _ => 0);
        var rosterPaths = new List<string>();
        int rosterRows = 0, rosterPeople = 0, membershipRows = 0, membershipPeople = 0, quarantined = 0;
        Span<SyntheticRecord> records = stackalloc SyntheticRecord[SyntheticMembership.MaxRecordsPerPerson];

        CsvOut? single = null;
        var singleRows = 0;
        var singleStyle = DesaStyle.Template;
        if (parameters.Layout == RosterLayout.SingleFile)
        {
            single = OpenRoster(Path.Combine(folders.Rosters, "roster_kabupaten_serang.csv"), singleStyle);
        }

        var structural = new List<RosterPerson>();
        foreach (var plan in plans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var style = single is null ? plan.Style : singleStyle;
            var roster = single ?? OpenRoster(Path.Combine(folders.Rosters, $"roster_{plan.Desa.Code}_{Slug(plan.Desa.Name)}.csv"), style);
            var fileName = Path.GetFileName(roster.Path);
            var rowsInFile = single is null ? 0 : singleRows;
            structural.Clear();
            for (var position = 0; position < plan.Count; position++)
            {
                var entry = plan.Start + position;
                var peran = Role(plan, position);
                var reused = ReusedPerson(plan, position);
                RosterPerson person;
                if (reused >= 0)
                {
                    person = structural[reused] with { Peran = peran };
                }
                else
                {
                    person = MakeRosterPerson(entry, peran, plan, newcomer: false, membership, records, truthDate, ref membershipRows);
                    rosterPeople++;
                    membershipPeople += person.Records > 0 ? 1 : 0;
                    if (position < plan.StructuralTotal)
                    {
                        structural.Add(person);
                    }
                }

                var change = NightChange(entry);
                if (change == Change.Dropped)
                {
                    continue;
                }

                long rowKey = entry;
                if (change == Change.Replaced)
                {
                    rowKey = NewcomerIdentity + entry;
                    person = MakeRosterPerson(rowKey, peran, plan, newcomer: true, membership, records, truthDate, ref membershipRows);
                    rosterPeople++;
                    membershipPeople += person.Records > 0 ? 1 : 0;
                }

                rowsInFile++;
                rosterRows++;
                var row = WriteRosterRow(roster, style, plan, person, rowKey, truthDate);
                if (row.Quarantine)
                {
                    quarantined++;
                }
                else
                {
                    statusCounts[person.Status]++;
                }

                // Line 1 is the header: the row number is the line a spreadsheet shows.
                truth.Field(fileName).Plain(rowsInFile + 1).Plain(row.KodeDesa).Plain(plan.Desa.Code).Field(row.Nik).Plain(person.Nik).Plain(peran)
                    .Plain(row.Quarantine ? "" : person.Status).Plain(row.Quarantine ? "ya" : "tidak").Plain(row.Mistakes)
                    .Plain(row.NikOfSomeoneElse ? "ya" : "tidak").Plain(HasTwin(person.Identity) ? "ya" : "tidak").EndRow();
            }

            if (single is null)
            {
                roster.Complete();
                roster.Dispose();
                rosterPaths.Add(roster.Path);
                manifest.Field(fileName).Plain(style.Delimiter == ';' ? "semicolon" : "comma").Plain(style.Encoding == RosterEncoding.Windows1252 ? "WIN1252" : "UTF8")
                    .Plain(string.Join(' ', style.Columns)).Plain(rowsInFile).EndRow();
            }
            else
            {
                singleRows = rowsInFile;
            }
        }

        if (single is not null)
        {
            single.Complete();
            single.Dispose();
            rosterPaths.Add(single.Path);
            manifest.Field(Path.GetFileName(single.Path)).Plain("comma").Plain("UTF8").Plain(string.Join(' ', singleStyle.Columns)).Plain(singleRows).EndRow();
        }

        return new RosterTotals(rosterPaths, rosterRows, rosterPeople, membershipRows, membershipPeople, quarantined, statusCounts);
    }

    /// <summary>The register's people who are on no roster, written beside the rosters on another thread and appended after them.</summary>
    private (int Rows, int People) WriteOthers(string path, CancellationToken cancellationToken)
    {
        Span<SyntheticRecord> records = stackalloc SyntheticRecord[SyntheticMembership.MaxRecordsPerPerson];
        int membershipRows = 0, membershipPeople = 0;
        using var membership = new CsvOut(path, Utf8, ',');
        for (var other = 0; other < others; other++)
        {
            if ((other & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var person = OtherDemographics(other);
            var nik = cells.Nik(person.KecamatanIndex, person.BirthDate, person.Female, cells.Issue(person.Cell, NikGeneration.Other));
            // A twin is a different person with the roster person's name and birth date (SPEC 3.3: never proof on its own).
            var nameRandom = SyntheticRandom.For(seed, SyntheticRandom.Stream.Name, person.TwinOf >= 0 ? person.TwinOf : OtherIdentity + other);
            var name = IndonesianNames.Draw(ref nameRandom, person.Female);

            var count = SyntheticMembership.ForOtherPerson(seed, OtherIdentity + other, parameters.ReferenceDate, records);
            if (other == others - 1)
            {
                count = Math.Max(0, lastOtherRecords);
            }

            WriteMembership(membership, OtherIdentity + other, nik, name, person.BirthDate, records[..count]);
            membershipRows += count;
            membershipPeople += count > 0 ? 1 : 0;
        }

        membership.Complete();
        return (membershipRows, membershipPeople);
    }

    private RosterPerson MakeRosterPerson(
        long identity, string peran, DesaPlan plan, bool newcomer, CsvOut membership, Span<SyntheticRecord> records, DateOnly truthDate, ref int membershipRows)
    {
        var demographics = RosterDemographics(identity, peran, plan);
        var nik = cells.Nik(demographics.KecamatanIndex, demographics.BirthDate, demographics.Female, cells.Issue(demographics.Cell, newcomer ? NikGeneration.Newcomer : NikGeneration.Roster));
        var nameRandom = SyntheticRandom.For(seed, SyntheticRandom.Stream.Name, identity);
        var name = IndonesianNames.Draw(ref nameRandom, demographics.Female);
        var count = SyntheticMembership.ForRosterPerson(seed, identity, peran, parameters.ReferenceDate, parameters.ChangedFraction, records);
        WriteMembership(membership, identity, nik, name, demographics.BirthDate, records[..count]);
        membershipRows += count;
        var status = SyntheticMembership.Status(records[..count], truthDate, parameters.ExpiringWindowDays);
        return new RosterPerson(identity, nik, name, demographics.BirthDate, demographics.Female, peran, status, count);
    }

    private void WriteMembership(CsvOut membership, long identity, string nik, SyntheticName name, DateOnly birthDate, ReadOnlySpan<SyntheticRecord> records)
    {
        foreach (var record in records)
        {
            var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.BpjsName, (identity * SyntheticMembership.MaxRecordsPerPerson) + record.Ordinal);
            var oldSpelling = birthDate.Year < 1975 && random.Chance(0.3);
            membership.Plain(nik).Plain(record.Kpj).Field(IndonesianNames.Bpjs(name, ref random, oldSpelling))
                .Date(random.Chance(0.005) ? null : birthDate, DateFormat.Iso)
                .Plain(record.Segmen.ToString()).Plain(SyntheticMembership.ProgramText(record.Programs))
                .Plain(record.Aktif ? "AKTIF" : "NONAKTIF").Date(record.IuranSampai, DateFormat.Iso).EndRow();
        }
    }

    private RowOutcome WriteRosterRow(CsvOut roster, DesaStyle style, DesaPlan plan, RosterPerson person, long rowKey, DateOnly today)
    {
        var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.RosterRow, rowKey);
        var rates = parameters.Mistakes;
        var mistakes = new List<string>(2);
        var nik = person.Nik;
        var roll = random.NextDouble();
        if (roll < rates.NikOneDigit)
        {
            var at = random.Next(16);
            var digit = (char)('0' + ((nik[at] - '0' + 1 + random.Next(9)) % 10));
            nik = string.Concat(nik.AsSpan(0, at), [digit], nik.AsSpan(at + 1));
            mistakes.Add("NIK_SATU_DIGIT");
        }
        else if (roll < rates.NikOneDigit + rates.NikSwappedNeighbours)
        {
            var at = random.Next(15);
            for (var tries = 0; tries < 15 && nik[at] == nik[at + 1]; tries++)
            {
                at = (at + 1) % 15;
            }

            nik = string.Concat(nik.AsSpan(0, at), [nik[at + 1], nik[at]], nik.AsSpan(at + 2));
            mistakes.Add("NIK_TUKAR_DIGIT");
        }
        else if (roll < rates.NikOneDigit + rates.NikSwappedNeighbours + rates.NikExcelScientific)
        {
            // Excel's General format keeps six significant digits: 3604051203850001 becomes 3.60405E+15 (3,60405E+15 in Indonesian locale).
            var mantissa = $"{nik[0]}{(style.Delimiter == ';' ? ',' : '.')}{nik.AsSpan(1, 5)}";
            nik = $"{mantissa}E+15";
            mistakes.Add("NIK_EXCEL");
        }
        else if (roll < rates.AnyNik)
        {
            nik = $"0{plan.Desa.Code}{random.Between(1, 99999):D5}";
            mistakes.Add("NIK_SEMENTARA_OPENSID");
        }
        else if (style.NikGrouping != '\0' || random.Chance(0.01))
        {
            // Digits grouped as on the KTP card; SPEC 3.1 says spaces, dots and dashes between digits are ignored.
            var separator = style.NikGrouping == '\0' ? '-' : style.NikGrouping;
            nik = $"{nik[..4]}{separator}{nik[4..8]}{separator}{nik[8..12]}{separator}{nik[12..]}";
        }

        var name = IndonesianNames.Roster(
            person.Name, ref random, parameters.NameVariantRate, parameters.ReferenceDate.Year - person.BirthDate.Year,
            person.Peran is "PERANGKAT_DESA" or "BPD" or "PENDAMPING_PKH", style.NameCase,
            person.BirthDate.Year < 1975 && IndonesianNames.HasOldSpelling(person.Name) && random.Chance(parameters.NameVariantRate * 0.4));
        if (style.Encoding != RosterEncoding.Windows1252 && random.Chance(0.5))
        {
            name = name.Replace('’', '\'');
        }

        if (random.Chance(rates.EmptyName))
        {
            name = random.Chance(0.5) ? "" : " ";
            mistakes.Add("NAMA_KOSONG");
        }

        var kodeDesa = plan.Desa.Code;
        if (random.Chance(rates.BadDesaCode))
        {
            // A code that is no desa of Kabupaten Serang: a made-up number in the kecamatan, or a Kota Serang kelurahan.
            kodeDesa = random.Chance(0.5) ? $"{plan.Desa.KecamatanCode}2999" : "3673011001";
            mistakes.Add("KODE_DESA_SALAH");
        }

        var writtenCode = style.DottedCodes ? $"{kodeDesa[..2]}.{kodeDesa[2..4]}.{kodeDesa[4..6]}.{kodeDesa[6..]}" : kodeDesa;
        roster.Plain(writtenCode).Field(nik).Field(name);
        if (style.WithBirthDate)
        {
            roster.Date(person.BirthDate, style.DateFormat);
            if (style.DateFormat != DateFormat.Iso)
            {
                mistakes.Add("TANGGAL_DD_MM_YYYY");
            }
        }

        if (style.WithSex)
        {
            roster.Plain(person.Female ? "P" : "L");
        }

        roster.Field(style.RoleLabels ? RoleLabels[person.Peran] : person.Peran);
        if (style.WithPhone)
        {
            roster.Plain(random.Chance(0.25) ? "" : $"{(random.Chance(0.15) ? "+628" : "08")}{random.Between(11, 99)}{random.Between(10_000_000, 99_999_999)}");
        }

        roster.EndRow();

        var valid = NikOracle.IsValid(nik, today, regions.KnownRegencies);
        var quarantine = !valid || string.IsNullOrWhiteSpace(name) || kodeDesa != plan.Desa.Code;
        var clean = NikOracle.Clean(nik);
        var someoneElse = valid && clean != person.Nik && cells.IsIssued(clean);
        if (nik != person.Nik && mistakes.Count == 0)
        {
            mistakes.Add("NIK_BERFORMAT");
        }

        return new RowOutcome(writtenCode, nik, quarantine, someoneElse, string.Join(';', mistakes));
    }

    private static CsvOut OpenRoster(string path, DesaStyle style)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = style.Encoding switch
        {
            RosterEncoding.Windows1252 => Encoding.GetEncoding(1252),
            RosterEncoding.Utf8Bom => Utf8Bom,
            _ => Utf8,
        };
        var roster = new CsvOut(path, encoding, style.Delimiter, style.Crlf);
        foreach (var column in style.Columns)
        {
            var header = style.EnglishHeaders ? EnglishHeader(column) : column;
            roster.Plain(style.UpperHeaders ? header.ToUpperInvariant() : header);
        }

        roster.EndRow();
        return roster;
    }

    private static string EnglishHeader(string column) => column switch
    {
        "kode_desa" => "village_code",
        "nama" => "name",
        "tanggal_lahir" => "birth_date",
        "jenis_kelamin" => "sex",
        "peran" => "role",
        "no_hp" => "phone",
        _ => column,
    };

    private DesaPlan[] PlanDesa()
    {
        var desa = regions.Desa;
        var weights = new double[desa.Length];
        for (var i = 0; i < desa.Length; i++)
        {
            // Village sizes vary several-fold: a log-normal weight.
            var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.DesaWeight, i);
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            weights[i] = Math.Exp(0.5 * gaussian);
        }

        var total = weights.Sum();
        var spare = parameters.RosterEntries - desa.Length;
        var counts = weights.Select(w => 1 + (int)(spare * w / total)).ToArray();
        for (var i = 0; counts.Sum() < parameters.RosterEntries; i = (i + 1) % counts.Length)
        {
            counts[i]++;
        }

        var plans = new DesaPlan[desa.Length];
        var start = 0;
        for (var i = 0; i < desa.Length; i++)
        {
            var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.DesaLayout, i);
            int[] wanted = [random.Between(8, 14), random.Between(5, 9), random.Between(3, 10), random.Between(12, 40), random.Between(10, 25), random.Chance(0.5) ? 0 : random.Between(1, 2)];
            // Village officials are a fixed few; at small scales they must not crowd out everyone else.
            var scale = Math.Min(1.0, 0.35 * counts[i] / wanted.Sum());
            var ends = new int[wanted.Length];
            var end = 0;
            for (var r = 0; r < wanted.Length; r++)
            {
                end += (int)Math.Round(wanted[r] * scale);
                ends[r] = Math.Min(end, counts[i]);
            }

            plans[i] = new DesaPlan(desa[i], start, counts[i], ends, DrawStyle(i), PlanSecondRoles(start, counts[i], ends[^1]));
            start += counts[i];
        }

        return plans;
    }

    private DesaStyle DrawStyle(int desaIndex)
    {
        var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.DesaStyle, desaIndex);
        var encodingRoll = random.NextDouble();
        var dateRoll = random.NextDouble();
        var groupingRoll = random.NextDouble();
        var caseRoll = random.NextDouble();
        return new DesaStyle(
            Delimiter: random.Chance(0.3) ? ';' : ',',
            Encoding: encodingRoll < 0.55 ? RosterEncoding.Utf8 : encodingRoll < 0.75 ? RosterEncoding.Utf8Bom : RosterEncoding.Windows1252,
            EnglishHeaders: random.Chance(0.15),
            UpperHeaders: random.Chance(0.25),
            DottedCodes: random.Chance(0.5),
            WithBirthDate: random.Chance(0.7),
            DateFormat: dateRoll < 0.4 ? DateFormat.Iso : dateRoll < 0.75 ? DateFormat.DayMonthYearDash : DateFormat.DayMonthYearSlash,
            WithSex: random.Chance(0.6),
            WithPhone: random.Chance(0.6),
            RoleLabels: random.Chance(0.4),
            NikGrouping: groupingRoll < 0.93 ? '\0' : groupingRoll < 0.97 ? ' ' : '.',
            NameCase: caseRoll < 0.6 ? NameCase.Title : caseRoll < 0.95 ? NameCase.Upper : NameCase.Lower,
            Crlf: random.Chance(0.7));
    }

    private (int[][] Kecamatan, double[] Weights) PlanOtherRegencies()
    {
        // Where the register's other people come from: Banten's workforce is mostly in the Tangerang and Cilegon industries.
        (string Prefix, double Weight)[] regencies =
        [
            ("3603", 0.25), ("3671", 0.15), ("3674", 0.10), ("3672", 0.08), ("3673", 0.08), ("3604", 0.14), ("3601", 0.08), ("3602", 0.08), ("31", 0.04),
        ];
        var kecamatan = regencies.Select(r => regions.NikKecamatan
            .Select((code, index) => (code, index))
            .Where(k => k.code.StartsWith(r.Prefix, StringComparison.Ordinal) && !regions.FormerKecamatan.Contains(k.code))
            .Select(k => k.index).ToArray()).ToArray();
        return (kecamatan, regencies.Select(r => r.Weight).ToArray());
    }

    private string Role(DesaPlan plan, int position)
    {
        for (var r = 0; r < plan.StructuralEnds.Length; r++)
        {
            if (position < plan.StructuralEnds[r])
            {
                return StructuralRoles[r];
            }
        }

        var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.Role, plan.Start + position);
        var roll = random.NextDouble();
        return plan.Desa.Coastal
            ? roll < 0.40 ? "NELAYAN" : roll < 0.88 ? "PETANI" : "LAINNYA"
            : roll < 0.86 ? "PETANI" : "LAINNYA";
    }

    /// <summary>A farmer row that is a village official's second role (a Ketua RT who also farms): the official's position, or -1.</summary>
    private static int ReusedPerson(DesaPlan plan, int position) => plan.SecondRoles.GetValueOrDefault(position, -1);

    /// <summary>Which rows of a desa are an official's second role; each official at most once, so (desa, NIK, role) stays unique.</summary>
    private Dictionary<int, int> PlanSecondRoles(int start, int count, int structuralTotal)
    {
        var secondRoles = new Dictionary<int, int>();
        if (structuralTotal == 0)
        {
            return secondRoles;
        }

        var officials = Enumerable.Range(0, structuralTotal).ToArray();
        var shuffle = SyntheticRandom.For(seed, SyntheticRandom.Stream.Reuse, -1 - start);
        for (var i = officials.Length - 1; i > 0; i--)
        {
            var j = shuffle.Next(i + 1);
            (officials[i], officials[j]) = (officials[j], officials[i]);
        }

        for (var position = structuralTotal; position < count && secondRoles.Count < officials.Length; position++)
        {
            var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.Reuse, start + position);
            if (random.Chance(SecondRoleRate))
            {
                secondRoles[position] = officials[secondRoles.Count];
            }
        }

        return secondRoles;
    }

    private Change NightChange(long entry)
    {
        if (parameters.ChangedFraction <= 0)
        {
            return Change.None;
        }

        var roll = SyntheticRandom.Unit(SyntheticRandom.Hash(seed, SyntheticRandom.Stream.NightRoster, entry));
        return roll < parameters.ChangedFraction / 2 ? Change.Dropped : roll < parameters.ChangedFraction ? Change.Replaced : Change.None;
    }

    private Demographics RosterDemographics(long identity, string peran, DesaPlan plan)
    {
        var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.Demographics, identity);
        var (minAge, maxAge, male) = peran switch
        {
            "PERANGKAT_DESA" => (25, 58, 0.8),
            "BPD" => (30, 65, 0.75),
            "KETUA_RW" => (35, 70, 0.95),
            "KETUA_RT" => (30, 70, 0.92),
            "KADER_POSYANDU" => (20, 55, 0.02),
            "PENDAMPING_PKH" => (23, 45, 0.4),
            "NELAYAN" => (17, 65, 0.97),
            "PETANI" => (18, 75, 0.65),
            _ => (18, 65, 0.55),
        };
        var female = !random.Chance(male);
        var birthDate = BirthDate(ref random, minAge, maxAge);
        var roll = random.NextDouble();
        var kecamatan = roll switch
        {
            < 0.85 => regions.NikKecamatanIndex(plan.Desa.KecamatanCode),
            < 0.93 => random.Next(regions.SerangKecamatan.Length),
            < 0.96 when birthDate.Year < 1995 => regions.SerangKecamatan.Length + random.Next(regions.FormerKecamatan.Length),
            < 0.99 => regions.NikKecamatanIndex(random.Pick(regions.OtherBantenKecamatan)),
            _ => regions.NikKecamatanIndex(random.Pick(regions.JakartaKecamatan)),
        };
        return new Demographics(kecamatan, birthDate, female, NikCells.Cell(kecamatan, birthDate, female), -1);
    }

    private Demographics OtherDemographics(int other)
    {
        var random = SyntheticRandom.For(seed, SyntheticRandom.Stream.Other, other);
        if (random.Chance(parameters.NameTwinRate))
        {
            var twinOf = (long)random.Next(parameters.RosterEntries);
            var plan = PlanOf(twinOf);
            var position = (int)(twinOf - plan.Start);
            var reused = ReusedPerson(plan, position);
            if (reused >= 0)
            {
                twinOf = plan.Start + reused;
                position = reused;
            }

            var original = RosterDemographics(twinOf, Role(plan, position), plan);
            // Often from the same kecamatan: then the two NIKs differ only in the serial.
            var kecamatan = random.Chance(0.5) ? original.KecamatanIndex : DrawOtherKecamatan(ref random);
            return new Demographics(kecamatan, original.BirthDate, original.Female, NikCells.Cell(kecamatan, original.BirthDate, original.Female), twinOf);
        }

        var female = random.Chance(0.4);
        var birthDate = BirthDate(ref random, 18, 60);
        var index = DrawOtherKecamatan(ref random);
        return new Demographics(index, birthDate, female, NikCells.Cell(index, birthDate, female), -1);
    }

    private int DrawOtherKecamatan(ref SyntheticRandom random)
    {
        var roll = random.NextDouble();
        for (var r = 0; r < otherRegencyWeights.Length; r++)
        {
            roll -= otherRegencyWeights[r];
            if (roll < 0 || r == otherRegencyWeights.Length - 1)
            {
                return otherKecamatanByRegency[r][random.Next(otherKecamatanByRegency[r].Length)];
            }
        }

        throw new UnreachableException();
    }

    private DateOnly BirthDate(ref SyntheticRandom random, int minAge, int maxAge)
    {
        var latest = parameters.ReferenceDate.AddYears(-minAge);
        var earliest = parameters.ReferenceDate.AddYears(-maxAge - 1).AddDays(1);
        latest = latest > NikCells.LastBirthDate ? NikCells.LastBirthDate : latest;
        earliest = earliest < NikCells.FirstBirthDate ? NikCells.FirstBirthDate : earliest;
        return DateOnly.FromDayNumber(earliest.DayNumber + random.Next(Math.Max(1, latest.DayNumber - earliest.DayNumber + 1)));
    }

    private bool HasTwin(long identity) => identity < parameters.RosterEntries && twinTargets[(int)identity];

    private DesaPlan PlanOf(long entry)
    {
        int low = 0, high = plans.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (plans[middle].Start <= entry)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return plans[low];
    }

    private static string Slug(string name) =>
        string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));

    private enum Change
    {
        None,
        Dropped,
        Replaced,
    }

    private readonly record struct Demographics(int KecamatanIndex, DateOnly BirthDate, bool Female, int Cell, long TwinOf);

    private sealed record RosterPerson(long Identity, string Nik, SyntheticName Name, DateOnly BirthDate, bool Female, string Peran, string Status, int Records);

    private sealed record RosterTotals(
        List<string> RosterPaths, int RosterRows, int RosterPeople, int MembershipRows, int MembershipPeople, int Quarantined, Dictionary<string, int> StatusCounts);

    private readonly record struct RowOutcome(string KodeDesa, string Nik, bool Quarantine, bool NikOfSomeoneElse, string Mistakes);

    private sealed record DesaPlan(SyntheticDesa Desa, int Start, int Count, int[] StructuralEnds, DesaStyle Style, Dictionary<int, int> SecondRoles)
    {
        public int StructuralTotal => StructuralEnds[^1];
    }
}

internal enum RosterEncoding
{
    Utf8,
    Utf8Bom,
    Windows1252,
}

/// <summary>One village operator's habits: the same for every file of the desa, as a real operator's spreadsheet is.</summary>
internal sealed record DesaStyle(
    char Delimiter,
    RosterEncoding Encoding,
    bool EnglishHeaders,
    bool UpperHeaders,
    bool DottedCodes,
    bool WithBirthDate,
    DateFormat DateFormat,
    bool WithSex,
    bool WithPhone,
    bool RoleLabels,
    char NikGrouping,
    NameCase NameCase,
    bool Crlf)
{
    /// <summary>The template as published: what a regency-wide file looks like.</summary>
    public static DesaStyle Template { get; } = new(',', RosterEncoding.Utf8, false, false, true, true, DateFormat.Iso, true, true, false, '\0', NameCase.Title, false);

    public IReadOnlyList<string> Columns { get; } = [
        "kode_desa", "nik", "nama",
        .. WithBirthDate ? new[] { "tanggal_lahir" } : [],
        .. WithSex ? new[] { "jenis_kelamin" } : [],
        "peran",
        .. WithPhone ? new[] { "no_hp" } : [],
    ];
}
