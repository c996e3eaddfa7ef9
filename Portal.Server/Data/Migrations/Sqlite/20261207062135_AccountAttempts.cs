using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountAttempts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountAttempts_At",
                table: "AccountAttempts",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AccountAttempts_Kind_Key_At",
                table: "AccountAttempts",
                columns: new[] { "Kind", "Key", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountAttempts");
        }
    }
}
