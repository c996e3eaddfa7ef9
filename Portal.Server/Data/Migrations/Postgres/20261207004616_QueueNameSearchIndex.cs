using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QueueNameSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_SearchName_Id",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SearchName_Id_IsOpen_State_SubmittedAt_AmountM~",
                table: "Applications",
                columns: new[] { "SearchName", "Id", "IsOpen", "State", "SubmittedAt", "AmountMinor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_SearchName_Id_IsOpen_State_SubmittedAt_AmountM~",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SearchName_Id",
                table: "Applications",
                columns: new[] { "SearchName", "Id" });
        }
    }
}
