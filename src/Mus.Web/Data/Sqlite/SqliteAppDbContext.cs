namespace Mus.Web.Data.Sqlite;

/// <summary>The SQLite flavour of <see cref="AppDbContext"/>; its only job is to own the SQLite migrations.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);
