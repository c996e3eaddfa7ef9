using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_AssigneeId_State_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ProductId_State_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.AddColumn<bool>(
                name: "IsOpen",
                table: "Applications",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "\"State\" IN ('Submitted', 'InitialReview', 'NeedsInformation', 'RiskAssessment', 'PendingApproval', 'Approved', 'OfferAccepted', 'ContractSigned')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Applications_AssigneeId_IsOpen_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "AssigneeId", "IsOpen", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_IsOpen_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "IsOpen", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProductId_IsOpen_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "ProductId", "IsOpen", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "SubmittedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_AssigneeId_IsOpen_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_IsOpen_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ProductId_IsOpen_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "IsOpen",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_AssigneeId_State_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "AssigneeId", "State", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProductId_State_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "ProductId", "State", "SubmittedAt", "Id" });
        }
    }
}
