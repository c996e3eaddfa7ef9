using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PromotionId",
                table: "Loans",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WaivedFeeCode",
                table: "Loans",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ListUnsubscribe",
                table: "EmailOutbox",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MarketingChangedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MarketingOptIn",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Team",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ManagerId",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PromotionId",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Complaint",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LoanId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueBy = table.Column<long>(type: "INTEGER", nullable: false),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    FirstResponseAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Complaint", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MarketingConsentChange",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OptIn = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketingConsentChange", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Promotion",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DescriptionHtml = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DiscountBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    WaivedFeeCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Gift = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProductIds = table.Column<string>(type: "TEXT", nullable: false),
                    NewCustomersOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    MinAmountMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    SignUpFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    SignUpUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    SignUps = table.Column<int>(type: "INTEGER", nullable: false),
                    Views = table.Column<long>(type: "INTEGER", nullable: false),
                    ImageName = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ImageContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Promotion", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintMessage",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    FromStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PromotionId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PromotionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
