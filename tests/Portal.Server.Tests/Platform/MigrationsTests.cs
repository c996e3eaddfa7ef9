using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;

namespace Portal.Server.Tests.Platform;

/// <summary>
/// Each provider's migrations describe the model as it is now. A change to an entity or a configuration — or to what a
/// computed column is built from, as <c>IsOpen</c> is built from the state machine — that lacks a migration for either
/// database fails here rather than at the next deployment. The model is the one the portal's own services build (Identity
/// reads its options from them), compared with each provider's snapshot: no database server is needed.
/// </summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("Postgres", "Host=localhost;Database=portal_model_only")]
    public void The_migrations_hold_every_change_to_the_model(string provider, string connection)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:Portal"] = connection;
        builder.AddPortal();
        using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes without a {provider} migration: {Changes(db)}. Add one for each provider (the README gives the commands).");
    }

    /// <summary>What a new migration would do, found as HasPendingModelChanges finds it, so that a failure says what changed.</summary>
    private static string Changes(DbContext db)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model;
        if (snapshot is not null) snapshot = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot);
        var operations = db.GetService<IMigrationsModelDiffer>()
            .GetDifferences(snapshot?.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        return string.Join("; ", operations.Select(o => o switch
        {
            AlterColumnOperation c => $"alter column {c.Table}.{c.Name} ({c.OldColumn.ColumnType} to {c.ColumnType}, computed {c.OldColumn.ComputedColumnSql} to {c.ComputedColumnSql})",
            ColumnOperation c => $"{o.GetType().Name[..^"Operation".Length]} {c.Table}.{c.Name}",
            CreateIndexOperation i => $"create index {i.Name} on {i.Table} ({string.Join(", ", i.Columns)}) {i.Filter}",
            DropIndexOperation i => $"drop index {i.Name} on {i.Table}",
            CreateTableOperation t => $"create table {t.Name}",
            DropTableOperation t => $"drop table {t.Name}",
            _ => o.GetType().Name,
        }));
    }
}
