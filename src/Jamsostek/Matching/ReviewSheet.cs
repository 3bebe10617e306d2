using Dapper;
using Jamsostek.Csv;
using Jamsostek.Database;
using Jamsostek.Regions;
using Jamsostek.Tabular;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Matching;

/// <summary>
/// The review queue as a sheet for the Disnaker staff who check each kecamatan's probable matches with the villages
/// (<c>review export</c>), and the decisions they filled in, applied (<c>review import</c>). An extension of SPEC 3.3's
/// review: each decision goes through <see cref="ReviewQueue"/> as <c>review accept</c> or <c>review reject</c> would.
/// </summary>
public sealed partial class ReviewSheet(NpgsqlDataSource dataSource, ReviewQueue queue, ILogger<ReviewSheet> logger)
{
    /// <summary>
    /// The sheet's columns: the review id, the desa, both sides whole (the file is the admin's, as <c>review list --full</c>
    /// shows them), the score and reason, and <c>keputusan</c> to fill in. No note column: a decision stores none.
    /// </summary>
    public static readonly WorkbookColumn[] Columns =
    [
        new("id", 10),
        new("kode_desa", 13),
        new("desa", 20),
        new("peran", 17),
        new("nik", 19),
        new("nama", 28),
        new("tanggal_lahir", 13),
        new("nik_bpjs", 19),
        new("nama_bpjs", 28),
        new("tanggal_lahir_bpjs", 13),
        new("kpj", 14),
        new("skor", 7),
        new("alasan", 90),
        new(KeputusanColumn, 12),
    ];

    private const string KeputusanColumn = "keputusan";

    /// <summary>Writes the scope's whole queue as CSV, in the order of <c>review list</c>; returns how many rows.</summary>
    public Task<int> WriteAsync(TextWriter writer, RegionScope scope, CancellationToken cancellationToken) =>
        ExportAsync(scope, rows => SafeCsv.WriteAllAsync(writer, [.. Columns.Select(c => c.Name)], rows), cancellationToken);

    /// <summary>As <see cref="WriteAsync"/>, as an Excel workbook with the same columns (<see cref="Workbook"/>).</summary>
    public Task<int> WriteWorkbookAsync(Stream stream, RegionScope scope, CancellationToken cancellationToken) =>
        ExportAsync(scope, rows =>
        {
            Workbook.Write(stream, "Tinjauan", Columns, rows, cancellationToken);
            return Task.CompletedTask;
        }, cancellationToken);

    private async Task<int> ExportAsync(RegionScope scope, Func<IEnumerable<string?[]>, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SqlText.Get("matching/review_export"), new { Scope = scope.Code }, cancellationToken: cancellationToken));
        var rows = 0;
        await write(ExportRows.Of(reader, () => rows++));
        LogExported(scope.Code, rows);
        return rows;
    }

    /// <summary>
    /// Applies the decisions filled in a sheet <c>review export</c> wrote (CSV, or a workbook when the path ends in .xlsx).
    /// The whole file is read first: a decision, id or register NIK that cannot be read, or a second row of an id deciding
    /// it the other way or showing another register NIK, refuses it whole (<see cref="InputRejectedException"/> naming
    /// file, rows and field), nothing applied; a row repeating an earlier one exactly is applied once, as that row (counted
    /// in <see cref="ReviewImport.Repeated"/>). Then each decided row is its own
    /// decision, in file order, through <see cref="ReviewQueue.DecideProposedAsync"/>: one transaction per row, as
    /// <c>review accept</c> has, rather than one for the file (each row's lock on its register person would be held until the
    /// last row: thousands at once in a regency's file). A row is idempotent: the pair already so decided is left as it
    /// is, so a file stopped half-way is imported again whole, and a file imported twice changes nothing.
    /// </summary>
    public async Task<ReviewImport> ImportAsync(string path, string decidedBy, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var rows = await ReadAsync(path, fileName, cancellationToken);
        var (accepted, rejected, unchanged) = (0, 0, 0);
        var skipped = new List<ReviewSkippedRow>();
        foreach (var row in rows.Decided)
        {
            var outcome = await queue.DecideProposedAsync(row.Id, row.Keputusan, row.NikBpjs, decidedBy, cancellationToken);
            switch (outcome.Kind)
            {
                case ReviewOutcomeKind.Decided when row.Keputusan == Diterima:
                    accepted++;
                    break;
                case ReviewOutcomeKind.Decided:
                    rejected++;
                    break;
                case ReviewOutcomeKind.Unchanged:
                    unchanged++;
                    break;
                default:
                    skipped.Add(new(fileName, row.Row, row.Id, outcome.Kind, outcome.Refusal!));
                    break;
            }
        }

        LogImported(fileName, accepted, rejected, skipped.Count, unchanged, rows.Repeated);
        return new(fileName, accepted, rejected, unchanged, rows.Undecided, skipped) { Repeated = rows.Repeated };
    }

    private const string Diterima = "DITERIMA";
    private const string Ditolak = "DITOLAK";

    /// <summary>What a filled-in cell may say, any case: the sheet's Bahasa Indonesia, or the command line's English.</summary>
    private static readonly Dictionary<string, string> Decisions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TERIMA"] = Diterima,
        ["ACCEPT"] = Diterima,
        ["TOLAK"] = Ditolak,
        ["REJECT"] = Ditolak,
    };

    private sealed record SheetRow(int Row, long Id, string Keputusan, string NikBpjs);

    /// <param name="Decided">The rows to apply, each id once, in file order.</param>
    /// <param name="Undecided">Rows left blank.</param>
    /// <param name="Repeated">Rows that repeat an earlier decided row (same id, decision and register NIK): applied once, as that row.</param>
    private sealed record SheetRows(List<SheetRow> Decided, int Undecided, int Repeated);

    /// <summary>Every row with a decision, checked; the first problem (and how many more) refuses the file. Cells never go into a message.</summary>
    private static async Task<SheetRows> ReadAsync(string path, string fileName, CancellationToken cancellationToken)
    {
        var decided = new List<SheetRow>();
        var byId = new Dictionary<long, SheetRow>();
        var undecided = 0;
        var repeated = 0;
        string? firstProblem = null;
        var problems = 0;
        void Problem(string problem)
        {
            firstProblem ??= problem;
            problems++;
        }

        try
        {
            var isUtf8 = Workbook.IsPath(path) || (await FileFingerprint.ReadAsync(path, cancellationToken)).IsUtf8;
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using ITabularReader reader = Workbook.IsPath(path)
                ? XlsxTabularReader.Open(stream)
                : CsvTabularReader.Open(stream, isUtf8 ? System.Text.Encoding.UTF8 : FileFingerprint.Windows1252);
            List<string> header = [.. reader.Header.Select(TabularHeader.Normalise)];
            var (id, nikBpjs, keputusan) = (TabularHeader.Find(header, "id"), TabularHeader.Find(header, "nik_bpjs"), TabularHeader.Find(header, KeputusanColumn));
            string[] missing = [.. new[] { ("id", id), ("nik_bpjs", nikBpjs), (KeputusanColumn, keputusan) }.Where(c => c.Item2 < 0).Select(c => $"'{c.Item1}'")];
            if (missing.Length > 0)
            {
                throw new InputRejectedException(
                    $"Review file {fileName} is refused, nothing applied: {TabularHeader.MissingColumns(missing)} from its header (row {reader.RowNumber}); import the file `review export` wrote, with keputusan filled in.");
            }

            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = reader.RowNumber;
                var said = reader.Get(keputusan);
                if (string.IsNullOrWhiteSpace(said))
                {
                    undecided++;
                    continue;
                }

                if (!Decisions.TryGetValue(said.Trim(), out var value))
                {
                    Problem($"row {row}, field keputusan: not TERIMA or TOLAK (or ACCEPT or REJECT; blank leaves the row undecided)");
                    continue;
                }

                if (!long.TryParse(reader.Get(id), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var entryId) || entryId <= 0)
                {
                    Problem($"row {row}, field id: not a review id (the number `review export` wrote)");
                    continue;
                }

                // Excel's "Convert to Number" on a column it marks "Number Stored as Text" keeps 15 digits and 16 characters: the
                // pair would no longer be the one exported, and each row skipped as if a reconcile had changed it.
                if (reader.IsNumeric(nikBpjs))
                {
                    Problem($"row {row}, field nik_bpjs: written as a number, which keeps only 15 digits (format the column as text, or export again)");
                    continue;
                }

                if (reader.Get(nikBpjs) is not { Length: 16 } nik || !nik.All(char.IsAsciiDigit))
                {
                    // Excel turns a NIK in a CSV into a number that keeps 15 digits: the pair can no longer be compared.
                    Problem($"row {row}, field nik_bpjs: not a 16-digit NIK (a spreadsheet that read the CSV's NIKs as numbers cut them: export to .xlsx)");
                    continue;
                }

                // A row copied twice (a sort, a merge of two staff members' sheets) is one decision; a second row of the id
                // that says otherwise cannot be told from the first by anyone but its author: the file is refused, rather
                // than its first row applied and the other skipped as if a reconcile had changed the proposal.
                if (byId.TryGetValue(entryId, out var earlier))
                {
                    if (earlier.Keputusan != value)
                    {
                        Problem($"row {row}, field keputusan: row {earlier.Row} decides review id {entryId} the other way");
                    }
                    else if (earlier.NikBpjs != nik)
                    {
                        Problem($"row {row}, field nik_bpjs: row {earlier.Row} shows review id {entryId} with another register NIK");
                    }
                    else
                    {
                        repeated++;
                    }

                    continue;
                }

                var sheetRow = new SheetRow(row, entryId, value, nik);
                byId.Add(entryId, sheetRow);
                decided.Add(sheetRow);
            }
        }
        catch (UnreadableTableException ex)
        {
            throw new InputRejectedException($"Review file {fileName} is refused, nothing applied: {ex.Message}.", ex);
        }
        catch (Exception ex) when (Workbook.IsPath(path) && XlsxTabularReader.IsBroken(ex))
        {
            throw new InputRejectedException($"Review file {fileName} is refused, nothing applied: it is not a readable XLSX workbook.", ex);
        }

        if (firstProblem is not null)
        {
            var more = problems > 1 ? $" ({problems - 1} more row{(problems == 2 ? "" : "s")} cannot be read either)" : "";
            throw new InputRejectedException($"Review file {fileName} is refused, nothing applied: {firstProblem}{more}.");
        }

        return new(decided, undecided, repeated);
    }

    [LoggerMessage(EventId = 2511, Level = LogLevel.Information, Message = "Exported the review queue of scope {Scope}: {Rows} rows")]
    private partial void LogExported(string scope, int rows);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Information,
        Message = "Imported review file {FileName}: {Accepted} accepted, {Rejected} rejected, {Skipped} skipped, {Unchanged} already so decided, {Repeated} repeated rows applied once")]
    private partial void LogImported(string fileName, int accepted, int rejected, int skipped, int unchanged, int repeated);
}

/// <summary>A decided row of a review file that was not applied: where it is, its id, and the sentence that says why (no personal data).</summary>
public sealed record ReviewSkippedRow(string FileName, int Row, long Id, ReviewOutcomeKind Why, string Refusal)
{
    public override string ToString() => $"{FileName} row {Row}: skipped, not applied. {Refusal}";
}

/// <summary>What <c>review import</c> did with a file: counts of each outcome and the skipped rows.</summary>
public sealed record ReviewImport(string FileName, int Accepted, int Rejected, int Unchanged, int Undecided, IReadOnlyList<ReviewSkippedRow> Skipped)
{
    /// <summary>Rows repeating an earlier row word for word (id, decision, register NIK): applied once, counted in none of the others.</summary>
    public int Repeated { get; init; }

    /// <summary>
    /// One line: <c>N accepted, N rejected, N skipped (reasons)</c>, then what was left as it was; repeated rows only when
    /// there are some, so the count of each outcome still adds up to the decisions applied.
    /// </summary>
    public string Summary()
    {
        var reasons = Skipped.GroupBy(s => s.Why).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Reason(g.Key)}");
        var why = Skipped.Count == 0 ? "" : $" ({string.Join(", ", reasons)})";
        var repeated = Repeated == 0 ? "" : $", {Repeated} repeating an earlier row (same id, decision and nik_bpjs: applied once)";
        return $"Review file {FileName}: {Accepted} accepted, {Rejected} rejected, {Skipped.Count} skipped{why}; "
            + $"{Unchanged} already decided as the file says, {Undecided} left blank{repeated}; statuses change with the next reconcile.";
    }

    private static string Reason(ReviewOutcomeKind why) => why switch
    {
        ReviewOutcomeKind.NotInQueue => "no longer awaiting review",
        ReviewOutcomeKind.ProposalChanged => "proposing another register person since the export",
        ReviewOutcomeKind.TakenByAnother => "register person already accepted for another roster entry",
        _ => why.ToString(),
    };
}
