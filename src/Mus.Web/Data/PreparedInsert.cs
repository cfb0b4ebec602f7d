using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Mus.Web.Data;

/// <summary>
/// One prepared INSERT of a <typeparamref name="T"/> row, run again and again with new values: for the bulk
/// writes where EF Core would track thousands of entities first. Table and column names come from the model,
/// so a renamed property cannot leave the SQL behind; the same SQL runs on SQLite and PostgreSQL.
/// </summary>
public sealed class PreparedInsert<T> : IAsyncDisposable where T : class
{
    private readonly DbCommand command;
    private readonly DbParameter[] parameters;

    /// <param name="properties">The properties given to <see cref="RunAsync"/>, in that order.</param>
    public PreparedInsert(DbContext db, DbTransaction transaction, params string[] properties)
    {
        command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {db.TableOf<T>()} ({db.ColumnsOf<T>(properties)}) VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i))})";
        parameters = [.. properties.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        })];
    }

    public Task<int> RunAsync(CancellationToken cancellationToken, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}

/// <summary>Names for hand-written SQL, quoted, from the model.</summary>
public static class ModelNames
{
    public static string TableOf<T>(this DbContext db) => Quote(Entity<T>(db).GetTableName()!);

    public static string ColumnsOf<T>(this DbContext db, params IEnumerable<string> properties)
    {
        var entity = Entity<T>(db);
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return string.Join(", ", properties.Select(p => Quote(entity.FindProperty(p)?.GetColumnName(table)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no mapped property {p}."))));
    }

    private static IEntityType Entity<T>(DbContext db) => db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");

    private static string Quote(string name) => $"\"{name}\"";
}
