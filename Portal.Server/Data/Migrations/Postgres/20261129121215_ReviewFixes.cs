using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewFixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextEmailAt",
                table: "Notification",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_IsOpen_AmountMinor_Id",
                table: "Applications",
                columns: new[] { "IsOpen", "AmountMinor", "Id" });

            // Applications saved before the queue's name search have no search name yet.
            migrationBuilder.Sql("UPDATE \"Applications\" SET \"SearchName\" = lower(CASE WHEN \"ApplicantType\" = 'Business' THEN \"BusinessName\" ELSE \"FullName\" END) WHERE \"SearchName\" IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_IsOpen_AmountMinor_Id",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "NextEmailAt",
                table: "Notification");
        }
    }
}
