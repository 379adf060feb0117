using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace BackSignal.Core.Import;

/// <summary>
/// One CSV export opened with CsvHelper: the delimiter found in the header, the header's column positions
/// (the first of repeated names, as Strava repeats some), and the line each record starts on.
/// </summary>
internal sealed class CsvSource : IDisposable
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
    private readonly LineGuardReader _text;

    // The parser by its class, not through CsvReader's interface: every field of every row is read through it.
    private readonly CsvParser _parser;

    public CsvSource(Stream stream, ImportContext context, string headerLine)
    {
        _text = new LineGuardReader(
            new StreamReader(
                stream,
                Encoding.UTF8,
                detectEncodingFromByteOrderMarks: true,
                bufferSize: 16 * 1024,
                leaveOpen: true
            ),
            context.Limits.MaxLineChars,
            context.FileName
        );
        Delimiter = GuessDelimiter(headerLine);
        _parser = new CsvParser(
            _text,
            new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = Delimiter.ToString(),
                // Rows are checked field by field by the readers, which report what is wrong and where.
                MissingFieldFound = null,
                HeaderValidated = null,
                BadDataFound = null,
                DetectColumnCountChanges = false,
                TrimOptions = TrimOptions.None,
                CacheFields = true,
                BufferSize = ParserBufferChars,
                MaxFieldSize = context.Limits.MaxFieldChars,
            }
        );
        Reader = new CsvReader(_parser);
        if (!Reader.Read() || !Reader.ReadHeader())
            throw new ImportException(context.FileName, "The file has no header line.", 1);
        var header = Reader.HeaderRecord ?? [];
        for (var i = 0; i < header.Length; i++)
            _columns.TryAdd(header[i].Trim().Trim('\uFEFF'), i);
        Header = header;
        _lastNumbers = new LastNumber?[header.Length];
    }

    private readonly LastNumber?[] _lastNumbers;

    /// <summary>
    /// CsvHelper's buffer (4,096 characters by default) is refilled and its partial row moved at every end; a larger
    /// one took a tenth off a million-row import. Under 85,000 bytes, so it is no large-object allocation per file.
    /// </summary>
    private const int ParserBufferChars = 32 * 1024;

    public CsvReader Reader { get; }
    public char Delimiter { get; }
    public string[] Header { get; }

    /// <summary>The 1-based line of the current record in the file (the header is line 1).</summary>
    public long Line => _parser.RawRow;

    public int Count => _parser.Count;

    public int? Column(params string[] names)
    {
        foreach (var name in names)
            if (_columns.TryGetValue(name, out var i))
                return i;
        return null;
    }

    /// <summary>
    /// The header text of <paramref name="column"/> (as the file spells it), or <paramref name="absent"/>.
    /// </summary>
    public string NameOf(int? column, string absent) => column is { } c ? Header[c].Trim() : absent;

    /// <summary>
    /// The position of the <paramref name="occurrence"/>th column called <paramref name="name"/> (Strava repeats
    /// names).
    /// </summary>
    public int? Nth(string name, int occurrence)
    {
        var seen = 0;
        for (var i = 0; i < Header.Length; i++)
            if (string.Equals(Header[i].Trim(), name, StringComparison.OrdinalIgnoreCase) && ++seen == occurrence)
                return i;
        return null;
    }

    /// <summary>
    /// True (and the row rejected) when the current row has fewer fields than the header: a file cut short, or rows
    /// written with another delimiter than the header's.
    /// </summary>
    public bool RejectShortRow(ImportCollector into, string file)
    {
        if (Count >= Header.Length - 1)
            return false;
        into.Reject(
            file,
            Line,
            null,
            $"{Count} fields where the header has {Header.Length}: is the file cut short or the delimiter wrong?"
        );
        return true;
    }

    /// <summary>
    /// An optional number of the current row: empty (or "--") is null. Text that is not <paramref name="expected"/>
    /// is dropped with a warning naming the line, the field and the text, and is null too: the row stays.
    /// Semicolon files decide the decimal mark per number ("9.5" and "9,5" both occur); other comma files use a
    /// point; counts of localized exports (<paramref name="eitherMark"/>) read both marks
    /// (<see cref="Values.TryLocalizedCount"/>), and weights of exports that may be localized a decimal comma
    /// (<paramref name="decimalComma"/>: <see cref="Values.TryDecimalEitherMark"/>).
    /// </summary>
    public double? Number(
        int? column,
        string field,
        ImportCollector into,
        string file,
        Func<double, bool>? valid = null,
        string expected = "a number",
        bool eitherMark = false,
        bool decimalComma = false
    )
    {
        var text = Field(column);
        // The field cache gives one string per distinct text, and a column repeats row after row ("0", the same
        // weight): the last text of each column read well, the same way, is not read again (a pure function of the
        // text, the marks allowed and the check; warnings are never cached).
        var how = (eitherMark ? 1 : 0) | (decimalComma ? 2 : 0);
        if (
            column is { } c
            && c < _lastNumbers.Length
            && _lastNumbers[c] is { } last
            && ReferenceEquals(last.Text, text)
            && last.How == how
            && ReferenceEquals(last.Valid, valid)
        )
            return last.Number;
        var number = ReadNumber(text, field, into, file, valid, expected, eitherMark, decimalComma, out var well);
        if (well && column is { } kept && kept < _lastNumbers.Length)
            _lastNumbers[kept] = new(text, how, valid, number);
        return number;
    }

    private readonly record struct LastNumber(string? Text, int How, Func<double, bool>? Valid, double? Number);

    private double? ReadNumber(
        string? text,
        string field,
        ImportCollector into,
        string file,
        Func<double, bool>? valid,
        string expected,
        bool eitherMark,
        bool decimalComma,
        out bool well
    )
    {
        well = true;
        double number = 0;
        // The plain shape first ("62.5", "8"): the same in every spelling but a localized count's ("1.200").
        var read = !eitherMark && Values.TryPlainDecimal(text, out number);
        if (!read && Values.IsMissing(text))
            return null;
        read =
            read
            || (
                eitherMark ? Values.TryLocalizedCount(text, out number)
                : Delimiter == ';' ? Values.TryNumberEitherMark(text, out number)
                : decimalComma ? Values.TryDecimalEitherMark(text, out number)
                : Values.TryNumber(text, decimalComma: false, out number)
            );
        if (read && (valid is null || valid(number)))
            return number;
        well = false;
        into.Warn(file, Line, field, $"'{Shorten(text!)}' is not {expected}", "dropped");
        return null;
    }

    /// <summary>Cell text as quoted in a message: a hostile 1 MB cell is not copied into every report.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    public string? Field(int? column) => column is { } c && c < _parser.Count ? _parser[c] : null;

    public void Dispose()
    {
        Reader.Dispose();
        _text.Dispose();
    }

    internal static char GuessDelimiter(string headerLine)
    {
        int commas = 0,
            semicolons = 0,
            tabs = 0;
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c == ',')
                commas++;
            else if (!quoted && c == ';')
                semicolons++;
            else if (!quoted && c == '\t')
                tabs++;
        }
        return tabs > commas && tabs > semicolons ? '\t'
            : semicolons > commas ? ';'
            : ',';
    }
}

/// <summary>
/// A TextReader that refuses lines longer than a limit, so that a file with a 50 MB line (or no line breaks at
/// all) fails with its line number instead of making the CSV parser buffer all of it.
/// </summary>
internal sealed class LineGuardReader(TextReader inner, int maxLineChars, string file) : TextReader
{
    private long _line = 1;
    private int _column;

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        var c = inner.Read();
        if (c >= 0)
            Count((char)c);
        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var n = inner.Read(buffer);
        ReadOnlySpan<char> rest = buffer[..n];
        int newline;
        while ((newline = rest.IndexOf('\n')) >= 0)
        {
            Check(_column + newline);
            _line++;
            _column = 0;
            rest = rest[(newline + 1)..];
        }
        _column += rest.Length;
        Check(_column);
        return n;
    }

    private void Count(char c)
    {
        if (c == '\n')
        {
            _line++;
            _column = 0;
            return;
        }
        Check(++_column);
    }

    private void Check(long column)
    {
        if (column > maxLineChars)
            throw new ImportException(
                file,
                $"Line is longer than {maxLineChars:N0} characters: this is not a row of an export.",
                _line
            );
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
