using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Prospects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Prospects",
                columns: table => new
                {
                    Number = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SearchName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContactPerson = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    PhoneKey = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    EmailKey = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    RegistrationNumber = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    RegistrationKey = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Region = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Sector = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    MonthlyIncomeMinor = table.Column<long>(type: "bigint", nullable: true),
                    AnnualRevenueMinor = table.Column<long>(type: "bigint", nullable: true),
                    YearsTrading = table.Column<int>(type: "integer", nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ProductInterest = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Source = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SourceDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsentBasis = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    ConsentOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Stopped = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    StopReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    StoppedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Stage = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OwnerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextStepOn = table.Column<DateOnly>(type: "date", nullable: true),
                    NextStep = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LastContactAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CustomerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    MergedIntoId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Prospects", x => x.Number);
                    table.UniqueConstraint("AK_Prospects_Id", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningCriteria",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    Regions = table.Column<List<string>>(type: "text[]", nullable: false),
                    SectorsIn = table.Column<int[]>(type: "integer[]", nullable: false),
                    SectorsOut = table.Column<int[]>(type: "integer[]", nullable: false),
                    MinMonthlyIncomeMinor = table.Column<long>(type: "bigint", nullable: true),
                    MaxMonthlyIncomeMinor = table.Column<long>(type: "bigint", nullable: true),
                    MinAnnualRevenueMinor = table.Column<long>(type: "bigint", nullable: true),
                    MaxAnnualRevenueMinor = table.Column<long>(type: "bigint", nullable: true),
                    MinYearsTrading = table.Column<int>(type: "integer", nullable: true),
                    MinAge = table.Column<int>(type: "integer", nullable: true),
                    MaxAge = table.Column<int>(type: "integer", nullable: true),
                    Products = table.Column<List<string>>(type: "text[]", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningCriteria", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProspectContacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProspectId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StaffId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NextStepOn = table.Column<DateOnly>(type: "date", nullable: true),
                    NextStep = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProspectContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProspectContacts_Prospects_ProspectId",
                        column: x => x.ProspectId,
                        principalTable: "Prospects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProspectScreenings",
                columns: table => new
                {
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    Result = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<int>(type: "integer", nullable: false),
                    CriteriaId = table.Column<int>(type: "integer", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProspectScreenings", x => x.Number);
                    table.ForeignKey(
                        name: "FK_ProspectScreenings_Prospects_Number",
                        column: x => x.Number,
                        principalTable: "Prospects",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProspectContacts_ProspectId_At",
                table: "ProspectContacts",
                columns: new[] { "ProspectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ProspectContacts_StaffId_At",
                table: "ProspectContacts",
                columns: new[] { "StaffId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_CustomerId",
                table: "Prospects",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_EmailKey",
                table: "Prospects",
                column: "EmailKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_ImportId",
                table: "Prospects",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_OwnerId_NextStepOn_Number",
                table: "Prospects",
                columns: new[] { "OwnerId", "NextStepOn", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_OwnerId_Number",
                table: "Prospects",
                columns: new[] { "OwnerId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_PhoneKey",
                table: "Prospects",
                column: "PhoneKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_Reference",
                table: "Prospects",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_Region_Number",
                table: "Prospects",
                columns: new[] { "Region", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_RegistrationKey",
                table: "Prospects",
                column: "RegistrationKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Prospects_SearchName_Number",
                table: "Prospects",
                columns: new[] { "SearchName", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningCriteria_Name",
                table: "ScreeningCriteria",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProspectContacts");

            migrationBuilder.DropTable(
                name: "ProspectScreenings");

            migrationBuilder.DropTable(
                name: "ScreeningCriteria");

            migrationBuilder.DropTable(
                name: "Prospects");
        }
    }
}
