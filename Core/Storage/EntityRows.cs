using System.Globalization;
using System.Reflection;
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

    private static object ValueAs(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsInstanceOfType(value) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    private static class Writable<T>
    {
        private static readonly HashSet<string> Keys =
        [
            nameof(ITableEntity.PartitionKey),
            nameof(ITableEntity.RowKey),
            nameof(ITableEntity.Timestamp),
            nameof(ITableEntity.ETag),
        ];

        public static readonly PropertyInfo[] Properties = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !Keys.Contains(p.Name))
            .ToArray();
    }
}
