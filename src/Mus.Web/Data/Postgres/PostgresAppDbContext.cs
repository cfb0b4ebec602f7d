namespace Mus.Web.Data.Postgres;

/// <summary>The PostgreSQL flavour of <see cref="AppDbContext"/>; its only job is to own the PostgreSQL migrations.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
