using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Casework;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Payments;

namespace Portal.Server.Data;

/// <summary>
/// The one context. Each provider has a subclass only so that its migrations (which EF binds to a
/// context type) live apart: Data/Migrations/Sqlite and Data/Migrations/Postgres, from the same model.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The keys that encrypt national IDs (and cookies): in the database, so every instance shares
    /// them and they survive redeployment — a lost key ring would make every stored ID unreadable.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductVersion> ProductVersions => Set<ProductVersion>();
    public DbSet<LoanApplication> Applications => Set<LoanApplication>();
    public DbSet<ApplicationEvent> ApplicationEvents => Set<ApplicationEvent>();
    public DbSet<StaffNote> StaffNotes => Set<StaffNote>();
    public DbSet<Loan> Loans => Set<Loan>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<GatewayEvent> GatewayEvents => Set<GatewayEvent>();
    public DbSet<DailyRun> DailyRuns => Set<DailyRun>();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        AuditLog.GuardAppendOnly(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditLog.GuardAppendOnly(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    // SQLite keeps DateTimeOffset as text it cannot sort or compare; as a number (UTC ticks and offset)
    // it can, so queues ordered by time and windows checked in SQL work on both databases.
    protected override void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options);
