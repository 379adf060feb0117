using BackSignal.Core.Storage;

namespace BackSignal.Tests.Pipeline;

/// <summary>Table filters built by the SDK's own quoting (TableClient.CreateQueryFilter), never by hand.</summary>
public class RowKeyFilterTests
{
    [Fact]
    public void A_quote_in_a_key_is_doubled_and_cannot_end_the_literal()
    {
        Assert.Equal(
            "PartitionKey eq 'o''brien' and RowKey ge 'W|' and RowKey lt 'W|~'",
            RowKeys.Range("o'brien", "W|", "W|~")
        );
        Assert.Equal(
            "PartitionKey eq 'x'' or ''1''eq''1' and "
                + "((RowKey ge 'A' and RowKey lt 'B') or (RowKey ge 'C' and RowKey lt 'D'))",
            RowKeys.AnyOf("x' or '1'eq'1", ("A", "B"), ("C", "D"))
        );
    }
}
