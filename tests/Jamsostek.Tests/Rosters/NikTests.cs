using Jamsostek.Rosters;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Rosters;

/// <summary>The reference lists as the service loads them from the migrated database.</summary>
public sealed class RosterReferenceFixture : IAsyncLifetime
{
    private TestDatabase? database;

    public RosterReferenceData Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        Reference = await RosterReferenceData.LoadAsync(database.DataSource, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}

public sealed class NikTests(RosterReferenceFixture fixture) : IClassFixture<RosterReferenceFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private NikRules Rules => fixture.Reference.NikRules;

    [Fact]
    public void A_valid_NIK_gives_its_kecamatan_birth_date_and_sex()
    {
        Assert.True(Nik.TryParse("3604051705800003", Rules, Today, out var nik, out var rejection));

        Assert.Equal(NikRejection.None, rejection);
        Assert.Equal("3604051705800003", nik.Value);
        Assert.Equal(360405, nik.KecamatanCode);
        Assert.Equal(new DateOnly(1980, 5, 17), nik.BirthDate);
        Assert.Equal('L', nik.Sex);
        Assert.Equal(NikWarnings.None, nik.Warnings(Rules, Today));
    }

    [Fact]
    public void Women_add_40_to_the_birth_day()
    {
        Assert.True(Nik.TryParse("3604055705800003", Rules, Today, out var nik, out _));
        Assert.True(Nik.TryParse("3604057101800003", Rules, Today, out var lastDay, out _));

        Assert.Equal(new DateOnly(1980, 5, 17), nik.BirthDate);
        Assert.Equal('P', nik.Sex);
        Assert.Equal(new DateOnly(1980, 1, 31), lastDay.BirthDate);
        Assert.Equal('P', lastDay.Sex);
    }

    [Theory]
    [InlineData("3604.0517-0580 0003")]
    [InlineData(" 3604 0517 0580 0003 ")]
    [InlineData("36.04.05.170580.0003")]
    [InlineData("'3604051705800003")]
    [InlineData(" ’3604 0517 0580 0003")]
    [InlineData("=\"3604051705800003\"")]
    [InlineData("‘3604051705800003")]
    // Copied from a chat or a web page: zero-width space, a direction mark; a byte-order mark left where two files were joined.
    [InlineData("3604\u200B0517\u200B0580\u200B0003")]
    [InlineData("3604051705800003\u202C")]
    [InlineData("\uFEFF3604051705800003")]
    // Dotted in threes, but ending in a digit Excel would have lost: a NIK with separators.
    [InlineData("3.604.051.705.800.003")]
    public void Spaces_dots_and_dashes_between_digits_invisible_marks_and_Excels_ways_of_keeping_them_text_are_ignored(string written)
    {
        Assert.True(Nik.TryParse(written, Rules, Today, out var nik, out _));
        Assert.Equal("3604051705800003", nik.Value);
    }

    [Theory]
    [InlineData("360405170580003")]
    [InlineData("36040517058000031")]
    [InlineData("36040517058O0003")]
    // Grouped as no village writes a NIK, but not Excel's thousands either: the digits speak.
    [InlineData("3.604.051.705.800")]
    public void A_NIK_that_is_not_16_digits_is_rejected(string? written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.NotSixteenDigits, rejection);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void An_empty_NIK_is_rejected_as_empty(string? written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.Empty, rejection);
        Assert.Equal("Kolom nik kosong; isi dengan NIK 16 angka.", RosterReasons.Describe(rejection));
    }

    [Theory]
    [InlineData("9904051705800003", NikRejection.UnknownProvince)]
    [InlineData("2004051705800003", NikRejection.UnknownProvince)]
    [InlineData("3699051705800003", NikRejection.UnknownRegency)]
    [InlineData("9150011705800003", NikRejection.UnknownRegency)]
    public void An_unknown_province_or_regency_is_rejected(string written, NikRejection expected)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(expected, rejection);
    }

    [Theory]
    [InlineData("9101011705800003")]
    [InlineData("9201011705800003")]
    [InlineData("9128011705800003")]
    public void Pre_2022_Papua_regency_codes_are_still_real_and_warn_that_the_kecamatan_is_not_current(string written)
    {
        Assert.True(Nik.TryParse(written, Rules, Today, out var nik, out _));
        Assert.True(nik.Warnings(Rules, Today).HasFlag(NikWarnings.KecamatanNotCurrent));
    }

    [Fact]
    public void A_current_Papua_regency_code_of_the_split_is_accepted_without_warning()
    {
        Assert.True(Nik.TryParse("9301011705800003", Rules, Today, out var nik, out _));
        Assert.Equal(NikWarnings.None, nik.Warnings(Rules, Today));
    }

    [Theory]
    [InlineData("3604050005800003")]
    [InlineData("3604053205800003")]
    [InlineData("3604053505800003")]
    [InlineData("3604054005800003")]
    [InlineData("3604057205800003")]
    [InlineData("3604059905800003")]
    public void Day_code_00_32_to_40_and_above_71_is_rejected(string written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.InvalidDay, rejection);
    }

    [Theory]
    [InlineData("3604051700800003")]
    [InlineData("3604051713800003")]
    public void A_month_outside_01_to_12_is_rejected(string written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.InvalidMonth, rejection);
    }

    [Theory]
    [InlineData("3604053104800003")]
    [InlineData("3604057104800003")]
    [InlineData("3604053002800003")]
    public void A_date_that_does_not_exist_is_rejected(string written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.DateDoesNotExist, rejection);
    }

    [Theory]
    [InlineData("3604052902000001", 2000)]
    [InlineData("3604056902240001", 2024)]
    [InlineData("3604052902960001", 1996)]
    public void The_29th_of_February_is_accepted_in_a_leap_year_of_the_inferred_century(string written, int year)
    {
        Assert.True(Nik.TryParse(written, Rules, Today, out var nik, out _));
        Assert.Equal(new DateOnly(year, 2, 29), nik.BirthDate);
    }

    [Theory]
    [InlineData("3604052902010001")]
    [InlineData("3604056902250001")]
    public void The_29th_of_February_is_rejected_when_the_inferred_year_is_not_a_leap_year(string written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.DateDoesNotExist, rejection);
    }

    [Fact]
    public void The_century_is_the_latest_year_that_is_not_in_the_future()
    {
        // 00 is 2000 (a leap year) seen from 2026, but 1900 (not a leap year) seen from 1999.
        Assert.True(Nik.TryParse("3604052902000001", Rules, Today, out _, out _));
        Assert.False(Nik.TryParse("3604052902000001", Rules, new DateOnly(1999, 12, 31), out _, out var rejection));
        Assert.Equal(NikRejection.DateDoesNotExist, rejection);

        Assert.True(Nik.TryParse("3604051705260003", Rules, Today, out var thisYear, out _));
        Assert.True(Nik.TryParse("3604051705270003", Rules, Today, out var lastCentury, out _));
        Assert.Equal(2026, thisYear.BirthDate.Year);
        Assert.Equal(1927, lastCentury.BirthDate.Year);
    }

    [Fact]
    public void Serial_0000_is_rejected()
    {
        Assert.False(Nik.TryParse("3604051705800000", Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.SerialZero, rejection);
    }

    [Theory]
    [InlineData("0604051705800003")]
    [InlineData("0000000000000001")]
    [InlineData("0")]
    public void OpenSID_temporary_NIKs_with_a_leading_0_are_rejected(string written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.TemporaryOpenSid, rejection);
    }

    [Theory]
    [InlineData("3.60405E+15")]
    [InlineData("3,60405E+15")]
    [InlineData("3.604051705800E+15")]
    [InlineData("3.60405e15")]
    // A column formatted as a number with thousands separators, Indonesian or English, or with decimals.
    [InlineData("3.604.051.705.800.000")]
    [InlineData("3,604,051,705,800,000")]
    [InlineData("3604051705800000.0")]
    [InlineData("3604051705800000,00")]
    public void A_number_Excel_wrote_is_rejected_with_the_advice_to_format_the_column_as_text(string written)
    {
        Assert.False(Nik.TryParse(written, Rules, Today, out _, out var rejection));
        Assert.Equal(NikRejection.ExcelNumber, rejection);
        Assert.Contains("Teks", RosterReasons.Describe(rejection), StringComparison.Ordinal);
    }

    [Fact]
    public void A_NIK_from_a_numeric_spreadsheet_cell_is_rejected_even_when_its_digits_look_right()
    {
        Assert.False(Nik.TryParse("3604051705800000", Rules, Today, out _, out var rejection, fromNumericCell: true));
        Assert.Equal(NikRejection.ExcelNumber, rejection);
    }

    [Fact]
    public void A_kecamatan_code_that_is_not_in_todays_list_is_a_warning_not_a_rejection()
    {
        Assert.True(Nik.TryParse("3604991705800003", Rules, Today, out var nik, out _));
        Assert.Equal(NikWarnings.KecamatanNotCurrent, nik.Warnings(Rules, Today));
    }

    [Fact]
    public void An_age_under_15_is_a_warning()
    {
        Assert.True(Nik.TryParse("3604052611110003", Rules, Today, out var fourteen, out _));
        Assert.True(Nik.TryParse("3604052511110003", Rules, Today, out var fifteen, out _));

        Assert.Equal(NikWarnings.YoungerThan15, fourteen.Warnings(Rules, Today));
        Assert.Equal(NikWarnings.None, fifteen.Warnings(Rules, Today));
    }

    [Fact]
    public void A_roster_birth_date_or_sex_that_contradicts_the_NIK_is_a_warning()
    {
        Assert.True(Nik.TryParse("3604055705800003", Rules, Today, out var nik, out _));

        Assert.Equal(NikWarnings.None, nik.Warnings(Rules, Today, new DateOnly(1980, 5, 17), 'P'));
        Assert.Equal(NikWarnings.BirthDateContradicts, nik.Warnings(Rules, Today, new DateOnly(1980, 5, 18), 'P'));
        Assert.Equal(NikWarnings.SexContradicts, nik.Warnings(Rules, Today, null, 'L'));
    }

    [Fact]
    public void Every_reason_is_one_sentence_naming_the_field_and_never_the_value()
    {
        var reasons = Enum.GetValues<NikRejection>().Where(r => r != NikRejection.None).Select(RosterReasons.Describe)
            .Concat(Enum.GetValues<NikWarnings>().Where(w => w != NikWarnings.None).Select(w => RosterReasons.Describe(w)))
            .Concat([RosterReasons.NamaKosong, RosterReasons.KodeDesaTidakDikenal, RosterReasons.KodeDesaKosong, RosterReasons.PeranTidakDikenal, RosterReasons.TanggalLahirBukanTanggal, RosterReasons.BarisGanda])
            .ToList();

        Assert.All(reasons, reason =>
        {
            Assert.EndsWith(".", reason, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"[.;]\s+[A-Z]", reason);
            Assert.Matches("nik|nama|kode_desa|peran|tanggal_lahir|jenis_kelamin", reason);
            Assert.DoesNotMatch(@"\d{16}", reason);
        });
    }
}
