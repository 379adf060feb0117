using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// A <see cref="TableEntity"/> read by a query of several row kinds, as the typed row of its kind. The SDK maps
/// entities to types only inside a typed query, and one query here brings rows of five kinds.
/// </summary>
internal static class EntityRows
{
    public static T As<T>(TableEntity entity)
        where T : ITableEntity, new()
    {
        var row = new T
        {
            PartitionKey = entity.PartitionKey,
            RowKey = entity.RowKey,
            Timestamp = entity.Timestamp,
            ETag = entity.ETag,
        };
        foreach (var property in Writable<T>.Properties)
            if (entity.TryGetValue(property.Name, out var value) && value is not null)
                property.SetValue(row, ValueAs(value, property.PropertyType));
        return row;
    }

    /// <summary>
    /// A row as the table stores it: its properties that are not null, by name (what a query would read back).
    /// </summary>
    public static TableEntity ToEntity(ITableEntity row)
    {
        if (row is TableEntity entity)
            return new TableEntity(entity.Where(p => p.Value is not null && !Keys.Contains(p.Key)).ToDictionary())
            {
                PartitionKey = row.PartitionKey,
                RowKey = row.RowKey,
            };
        var result = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var property in Stored.GetOrAdd(row.GetType(), StoredProperties))
            if (property.GetValue(row) is { } value)
                result[property.Name] = value switch
                {
                    DateTime time => new DateTimeOffset(time.ToUniversalTime()),
                    Enum e => e.ToString(),
                    _ => value,
                };
        return result;
    }

    // A commit converts a few rows of a few types: their properties are looked up once per type.
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Stored = new();

    private static PropertyInfo[] StoredProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !Keys.Contains(p.Name) && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
            .ToArray();

    /// <summary>Whether a property of an entity read is the service's, kept for every row, not the row's own.</summary>
    public static bool IsServiceKey(string name) => Keys.Contains(name);

    /// <summary>What every stored row has besides its own properties (an entity read carries them as keys).</summary>
    private static readonly HashSet<string> Keys =
    [
        nameof(ITableEntity.PartitionKey),
        nameof(ITableEntity.RowKey),
        nameof(ITableEntity.Timestamp),
        nameof(ITableEntity.ETag),
        "odata.etag",
    ];

    private static object ValueAs(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsInstanceOfType(value) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    private static class Writable<T>
    {
        public static readonly PropertyInfo[] Properties = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !Keys.Contains(p.Name))
            .ToArray();
    }
}
