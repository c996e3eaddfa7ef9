using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PromotionsComplaintsDashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ManagerId",
                table: "Loans",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PromotionId",
                table: "Loans",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WaivedFeeCode",
                table: "Loans",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ListUnsubscribe",
                table: "EmailOutbox",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MarketingChangedAt",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MarketingOptIn",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Team",
                table: "AspNetUsers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ManagerId",
                table: "Applications",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PromotionId",
                table: "Applications",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Complaint",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    LoanId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AssigneeId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    FirstResponseAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Resolution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Complaint", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MarketingConsentChange",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    OptIn = table.Column<bool>(type: "boolean", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketingConsentChange", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Promotion",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slug = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Title = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Summary = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DescriptionHtml = table.Column<string>(type: "character varying(16000)", maxLength: 16000, nullable: false),
                    Terms = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DiscountBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    WaivedFeeCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Gift = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ProductIds = table.Column<List<int>>(type: "integer[]", nullable: false),
                    NewCustomersOnly = table.Column<bool>(type: "boolean", nullable: false),
                    MinAmountMinor = table.Column<long>(type: "bigint", nullable: true),
                    SignUpFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SignUpUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: true),
                    SignUps = table.Column<int>(type: "integer", nullable: false),
                    Views = table.Column<long>(type: "bigint", nullable: false),
                    ImageName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ImageContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Promotion", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintMessage",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    FromStaff = table.Column<bool>(type: "boolean", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintMessage", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplaintMessage_Complaint_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "Complaint",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PromotionMailing",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PromotionId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromotionMailing", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromotionMailing_Promotion_PromotionId",
                        column: x => x.PromotionId,
                        principalTable: "Promotion",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PromotionSignUp",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PromotionId = table.Column<int>(type: "integer", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromotionSignUp", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromotionSignUp_Promotion_PromotionId",
                        column: x => x.PromotionId,
                        principalTable: "Promotion",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Message_Dashboard",
                table: "Message",
                columns: new[] { "At", "CustomerId", "ApplicationId", "ProductId", "FromStaff" });

            migrationBuilder.CreateIndex(
                name: "IX_Loans_Dashboard_Book",
                table: "Loans",
                columns: new[] { "Status", "ProductVersionId", "ManagerId", "PromotionId", "PrincipalOutstandingMinor", "DaysPastDue", "Classification" });

            migrationBuilder.CreateIndex(
                name: "IX_Loans_Dashboard_PaidOut",
                table: "Loans",
                columns: new[] { "DisbursedAt", "ProductVersionId", "ManagerId", "PromotionId", "PrincipalMinor" });

            migrationBuilder.CreateIndex(
                name: "IX_Loans_ManagerId",
                table: "Loans",
                column: "ManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_Loans_PromotionId",
                table: "Loans",
                column: "PromotionId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CustomerId_PromotionId_Live",
                table: "Applications",
                columns: new[] { "CustomerId", "PromotionId" },
                unique: true,
                filter: "\"PromotionId\" IS NOT NULL AND \"State\" NOT IN ('Withdrawn', 'Declined', 'Expired')");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_Dashboard_Decided",
                table: "Applications",
                columns: new[] { "DecidedAt", "SubmittedAt", "ProductId", "ManagerId", "PromotionId", "DeclineReasons" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_Dashboard_Submitted",
                table: "Applications",
                columns: new[] { "SubmittedAt", "ProductId", "ManagerId", "PromotionId", "State", "ReviewedById", "AssessedAt", "DecidedAt", "DeclineReasons", "SignedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ManagerId",
                table: "Applications",
                column: "ManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_PromotionId",
                table: "Applications",
                column: "PromotionId");

            migrationBuilder.CreateIndex(
                name: "IX_Complaint_CreatedAt",
                table: "Complaint",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Complaint_CustomerId_CreatedAt",
                table: "Complaint",
                columns: new[] { "CustomerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Complaint_Reference",
                table: "Complaint",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Complaint_Status_DueBy",
                table: "Complaint",
                columns: new[] { "Status", "DueBy" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintMessage_ComplaintId",
                table: "ComplaintMessage",
                column: "ComplaintId");

            migrationBuilder.CreateIndex(
                name: "IX_MarketingConsentChange_UserId_At",
                table: "MarketingConsentChange",
                columns: new[] { "UserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Promotion_Slug",
                table: "Promotion",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromotionMailing_PromotionId_UserId",
                table: "PromotionMailing",
                columns: new[] { "PromotionId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromotionSignUp_CustomerId",
                table: "PromotionSignUp",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionSignUp_PromotionId_CustomerId",
                table: "PromotionSignUp",
                columns: new[] { "PromotionId", "CustomerId" },
                unique: true);

            // Applications and loans from before the dashboard get their manager: who reviewed the application
            // (the customer manager who forwarded it to risk), and for a loan, its application's manager.
            migrationBuilder.Sql("UPDATE \"Applications\" SET \"ManagerId\" = \"ReviewedById\" WHERE \"ManagerId\" IS NULL AND \"ReviewedById\" IS NOT NULL;");
            migrationBuilder.Sql("UPDATE \"Loans\" SET \"ManagerId\" = (SELECT a.\"ManagerId\" FROM \"Applications\" a WHERE a.\"Id\" = \"Loans\".\"ApplicationId\") WHERE \"ManagerId\" IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComplaintMessage");

            migrationBuilder.DropTable(
                name: "MarketingConsentChange");

            migrationBuilder.DropTable(
                name: "PromotionMailing");

            migrationBuilder.DropTable(
                name: "PromotionSignUp");

            migrationBuilder.DropTable(
                name: "Complaint");

            migrationBuilder.DropTable(
                name: "Promotion");

            migrationBuilder.DropIndex(
                name: "IX_Message_Dashboard",
                table: "Message");

            migrationBuilder.DropIndex(
                name: "IX_Loans_Dashboard_Book",
                table: "Loans");

            migrationBuilder.DropIndex(
                name: "IX_Loans_Dashboard_PaidOut",
                table: "Loans");

            migrationBuilder.DropIndex(
                name: "IX_Loans_ManagerId",
                table: "Loans");

            migrationBuilder.DropIndex(
                name: "IX_Loans_PromotionId",
                table: "Loans");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CustomerId_PromotionId_Live",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_Dashboard_Decided",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_Dashboard_Submitted",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ManagerId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_PromotionId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ManagerId",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "PromotionId",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "WaivedFeeCode",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "ListUnsubscribe",
                table: "EmailOutbox");

            migrationBuilder.DropColumn(
                name: "MarketingChangedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "MarketingOptIn",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Team",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ManagerId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "PromotionId",
                table: "Applications");
        }
    }
}
