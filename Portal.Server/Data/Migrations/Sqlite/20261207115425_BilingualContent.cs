using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BilingualContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DescriptionHtmlZh",
                table: "Promotion",
                type: "TEXT",
                maxLength: 16000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "GiftZh",
                table: "Promotion",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SummaryZh",
                table: "Promotion",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TermsZh",
                table: "Promotion",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TitleZh",
                table: "Promotion",
                type: "TEXT",
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DescriptionZh",
                table: "ProductVersions",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameZh",
                table: "ProductVersions",
                type: "TEXT",
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RequiredDocumentsZh",
                table: "ProductVersions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "SummaryZh",
                table: "ProductVersions",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DescriptionHtmlZh",
                table: "Promotion");

            migrationBuilder.DropColumn(
                name: "GiftZh",
                table: "Promotion");

            migrationBuilder.DropColumn(
                name: "SummaryZh",
                table: "Promotion");

            migrationBuilder.DropColumn(
                name: "TermsZh",
                table: "Promotion");

            migrationBuilder.DropColumn(
                name: "TitleZh",
                table: "Promotion");

            migrationBuilder.DropColumn(
                name: "DescriptionZh",
                table: "ProductVersions");

            migrationBuilder.DropColumn(
                name: "NameZh",
                table: "ProductVersions");

            migrationBuilder.DropColumn(
                name: "RequiredDocumentsZh",
                table: "ProductVersions");

            migrationBuilder.DropColumn(
                name: "SummaryZh",
                table: "ProductVersions");
        }
    }
}
