using Azure.Data.Tables;
using BackSignal.Core.Storage;

namespace BackSignal.Tests.Pipeline;

/// <summary>The one-hop path's window: rows kept with the types a query reads back, and its validity.</summary>
public sealed class LatestWindowTests
{
    private static readonly LatestDayRanges Ranges = new(
        new DateOnly(2026, 8, 1),
        new DateOnly(2026, 11, 1),
        new DateOnly(2026, 9, 15),
        new DateOnly(2026, 10, 1),
        new DateOnly(2026, 11, 2)
    );

    [Fact]
    public void Keeps_every_row_with_its_values_and_their_types()
    {
        var at = new DateTimeOffset(2026, 11, 2, 7, 30, 15, 123, TimeSpan.FromHours(2));
        var row = new TableEntity("athlete", "metrics|20261102")
        {
            ["Text"] = "ünïcode \"quoted\"",
            ["Count"] = 7,
            ["Revision"] = 9_000_000_000L,
            ["Load"] = 0.1 + 0.2,
            ["Whole"] = 3.0,
            ["Missing"] = double.NaN,
            ["Flag"] = true,
            ["At"] = at,
            ["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
            ["Bytes"] = new byte[] { 0, 1, 254, 255 },
        };
        var window = LatestWindow.Of("athlete", Ranges, new DateOnly(2026, 11, 1), [row, new("athlete", "z")]);

        var (ranges, last, rows) = LatestWindow.Read(window)!.Value;

        Assert.Equal(Ranges with { Through = LatestDayRanges.Open }, ranges);
        Assert.Equal(new DateOnly(2026, 11, 1), last);
        Assert.Equal(["metrics|20261102", "z"], rows.Select(r => r.RowKey));
        var read = rows[0];
        Assert.Equal("athlete", read.PartitionKey);
        Assert.Equal("ünïcode \"quoted\"", read["Text"]);
        Assert.IsType<int>(read["Count"]);
        Assert.Equal(9_000_000_000L, Assert.IsType<long>(read["Revision"]));
        Assert.Equal(0.1 + 0.2, Assert.IsType<double>(read["Load"]));
        Assert.IsType<double>(read["Whole"]);
        Assert.True(double.IsNaN((double)read["Missing"]));
        Assert.Equal(true, read["Flag"]);
        Assert.Equal(at, read["At"]);
        Assert.Equal(row["Id"], read["Id"]);
        Assert.Equal([0, 1, 254, 255], Assert.IsType<byte[]>(read["Bytes"]));
    }

    [Fact]
    public void Is_invalid_once_invalidated_without_rows_or_when_the_rows_do_not_fit_one_entity()
    {
        var invalidation = (TableEntity)LatestWindow.Invalidation("athlete").Entity;
        Assert.Null(LatestWindow.Read(invalidation));
        Assert.Null(LatestWindow.Read(LatestWindow.Of("athlete", Ranges, null, null)));
        // Random text compresses to ~6 bits a character: 15 chunks of 60,000 bytes do not hold 1.8 M of it.
        var noise = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(1_350_000));
        var rows = Enumerable
            .Range(0, 60)
            .Select(i => new TableEntity("athlete", $"r{i:00}") { ["J"] = noise.Substring(i * 30_000, 30_000) });
        var huge = LatestWindow.Of("athlete", Ranges, null, rows);
        Assert.False(huge.GetBoolean("Valid"));
        Assert.Null(LatestWindow.Read(huge));
        var empty = LatestWindow.Read(LatestWindow.Of("athlete", Ranges, null, []))!.Value;
        Assert.Null(empty.LastComputed);
        Assert.Empty(empty.Rows);
    }

    [Fact]
    public void Rows_over_several_chunks_read_back_whole()
    {
        // Random text compresses to ~6 bits a character: 150,000 of it take two chunks of 60,000 bytes.
        var noise = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(112_500));
        var rows = Enumerable
            .Range(0, 5)
            .Select(i => new TableEntity("athlete", $"r{i}") { ["J"] = noise.Substring(i * 30_000, 30_000) })
            .ToList();
        var window = LatestWindow.Of("athlete", Ranges, null, rows);

        Assert.Equal(2, window.GetInt32("Chunks"));
        var read = LatestWindow.Read(window)!.Value.Rows;
        Assert.Equal(rows.Select(r => r["J"]), read.Select(r => r["J"]));
    }

    [Fact]
    public void A_typed_row_is_kept_as_the_table_stores_it()
    {
        var checkin = new CheckinRow
        {
            PartitionKey = "athlete",
            RowKey = "checkin|20261102",
            Json = "{}",
            Fenced = true,
        };
        var entity = EntityRows.ToEntity(checkin);
        // Not stored: Fenced says how to write it; ETag and Timestamp are the service's.
        Assert.Equal(["Json", "PartitionKey", "RowKey"], entity.Keys.Order(StringComparer.Ordinal));
        var alert = new AlertRow
        {
            PartitionKey = "athlete",
            RowKey = "alert|x",
            Rule = "r",
        };
        // Null properties are not written (a merge keeps what is stored).
        Assert.DoesNotContain("Signs", EntityRows.ToEntity(alert).Keys);
    }

    [Fact]
    public void Holds_the_keys_of_the_ranges_read_but_not_the_recompute_protocol_or_the_window()
    {
        Assert.True(Holds("metrics|20260801"));
        Assert.False(Holds("metrics|20260731"));
        Assert.True(Holds("checkin|20261102"));
        Assert.False(Holds("checkin|20261103"));
        Assert.True(Holds("alert|20261001|rule"));
        Assert.True(Holds(RowKeys.ProfileCopy));
        Assert.False(Holds("day|20261102"));
        Assert.False(Holds(RowKeys.RecomputeState));
        Assert.False(Holds(RowKeys.DirtyKey(new DateOnly(2026, 11, 2))));
        Assert.False(Holds(RowKeys.LatestWindow));

        static bool Holds(string rowKey) => LatestDayRanges.Holds(Ranges.KeyRanges(), rowKey);
    }
}
