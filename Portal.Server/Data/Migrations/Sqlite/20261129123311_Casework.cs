using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Casework : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_ProductId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_State",
                table: "Applications");

            migrationBuilder.AddColumn<long>(
                name: "ApprovalLimitMinor",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AssessedAt",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssessedById",
                table: "Applications",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "Applications",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContractSha256",
                table: "Applications",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContractText",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DecidedAt",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedById",
                table: "Applications",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeclineReasons",
                table: "Applications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstApproverId",
                table: "Applications",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Grade",
                table: "Applications",
                type: "TEXT",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GradeOverrideReason",
                table: "Applications",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IdentityVerifiedAt",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentityVerifiedById",
                table: "Applications",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OfferAmountMinor",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OfferExpiresAt",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OfferMonths",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "OfferRatePercent",
                table: "Applications",
                type: "TEXT",
                precision: 9,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RecommendedAmountMinor",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedById",
                table: "Applications",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Score",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScoreJson",
                table: "Applications",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScoredGrade",
                table: "Applications",
                type: "TEXT",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchName",
                table: "Applications",
                type: "TEXT",
                maxLength: 150,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SignedAt",
                table: "Applications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignedIp",
                table: "Applications",
                type: "TEXT",
                maxLength: 45,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignedName",
                table: "Applications",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Action",
                table: "ApplicationEvents",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "IsOpen",
                table: "Applications",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "\"State\" IN ('Submitted', 'InitialReview', 'NeedsInformation', 'RiskAssessment', 'PendingApproval', 'Approved', 'OfferAccepted', 'ContractSigned')",
                stored: true);

            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Before = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    After = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StorageName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReviewedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Documents_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Loans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ProductVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    PrincipalMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidOutMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    RatePercent = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    Months = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    DisbursementDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DisbursedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BankReference = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DisbursedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Loans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Loans_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Message",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: true),
                    SenderId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    FromStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Message", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Message_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Message_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Notification",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Link = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Email = table.Column<bool>(type: "INTEGER", nullable: false),
                    EmailClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EmailedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EmailAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextEmailAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notification", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffNotes_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LoanInstalment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LoanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PrincipalMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    InterestMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoanInstalment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoanInstalment_Loans_LoanId",
                        column: x => x.LoanId,
                        principalTable: "Loans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_AssigneeId_IsOpen_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "AssigneeId", "IsOpen", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_IsOpen_AmountMinor_Id",
                table: "Applications",
                columns: new[] { "IsOpen", "AmountMinor", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_IsOpen_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "IsOpen", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProductId_IsOpen_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "ProductId", "IsOpen", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SearchName_Id",
                table: "Applications",
                columns: new[] { "SearchName", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_State_AmountMinor_Id",
                table: "Applications",
                columns: new[] { "State", "AmountMinor", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_State_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "State", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SubmittedAt_Id",
                table: "Applications",
                columns: new[] { "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_ActorId_At",
                table: "AuditLog",
                columns: new[] { "ActorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_At",
                table: "AuditLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_Reference",
                table: "AuditLog",
                column: "Reference");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_SubjectId_At",
                table: "AuditLog",
                columns: new[] { "SubjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_ApplicationId_Kind",
                table: "Documents",
                columns: new[] { "ApplicationId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_StorageName",
                table: "Documents",
                column: "StorageName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoanInstalment_LoanId_Number",
                table: "LoanInstalment",
                columns: new[] { "LoanId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Loans_ApplicationId",
                table: "Loans",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Loans_CustomerId",
                table: "Loans",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Loans_Reference",
                table: "Loans",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Message_ApplicationId_At",
                table: "Message",
                columns: new[] { "ApplicationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Message_CustomerId_FromStaff_ReadAt",
                table: "Message",
                columns: new[] { "CustomerId", "FromStaff", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Message_CustomerId_ProductId_At",
                table: "Message",
                columns: new[] { "CustomerId", "ProductId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Message_ProductId",
                table: "Message",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Notification_Email_EmailedAt",
                table: "Notification",
                columns: new[] { "Email", "EmailedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notification_UserId_At",
                table: "Notification",
                columns: new[] { "UserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Notification_UserId_ReadAt",
                table: "Notification",
                columns: new[] { "UserId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffNotes_ApplicationId_At",
                table: "StaffNotes",
                columns: new[] { "ApplicationId", "At" });

            // The audit log is append-only, whoever connects: the database itself refuses changes.
            migrationBuilder.Sql("CREATE TRIGGER AuditLog_NoUpdate BEFORE UPDATE ON AuditLog BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;");
            migrationBuilder.Sql("CREATE TRIGGER AuditLog_NoDelete BEFORE DELETE ON AuditLog BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;");

            // Applications saved before the queue's name search have no search name yet.
            migrationBuilder.Sql("UPDATE \"Applications\" SET \"SearchName\" = lower(CASE WHEN \"ApplicantType\" = 'Business' THEN \"BusinessName\" ELSE \"FullName\" END) WHERE \"SearchName\" IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditLog_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditLog_NoDelete;");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "Documents");

            migrationBuilder.DropTable(
                name: "LoanInstalment");

            migrationBuilder.DropTable(
                name: "Message");

            migrationBuilder.DropTable(
                name: "Notification");

            migrationBuilder.DropTable(
                name: "StaffNotes");

            migrationBuilder.DropTable(
                name: "Loans");

            migrationBuilder.DropIndex(
                name: "IX_Applications_AssigneeId_IsOpen_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_IsOpen_AmountMinor_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_IsOpen_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ProductId_IsOpen_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_SearchName_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_State_AmountMinor_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_State_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_SubmittedAt_Id",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "IsOpen",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ApprovalLimitMinor",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "AssessedAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "AssessedById",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ContractSha256",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ContractText",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "DecidedById",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "DeclineReasons",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "FirstApproverId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "Grade",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "GradeOverrideReason",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "IdentityVerifiedAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "IdentityVerifiedById",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "OfferAmountMinor",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "OfferExpiresAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "OfferMonths",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "OfferRatePercent",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "RecommendedAmountMinor",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ReviewedById",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "Score",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ScoreJson",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ScoredGrade",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SearchName",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SignedAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SignedIp",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SignedName",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "Action",
                table: "ApplicationEvents");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProductId",
                table: "Applications",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_State",
                table: "Applications",
                column: "State");
        }
    }
}
