using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Servicing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GraceDays",
                table: "ProductVersions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<decimal>(
                name: "PenaltyMarkupPercent",
                table: "ProductVersions",
                type: "numeric(9,4)",
                precision: 9,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<long>(
                name: "ArrearsMinor",
                table: "Loans",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CalledInOn",
                table: "Loans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Classification",
                table: "Loans",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Loans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "Loans",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<long>(
                name: "CreditMinor",
                table: "Loans",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "DaysPastDue",
                table: "Loans",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "GraceDays",
                table: "Loans",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextDueDate",
                table: "Loans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "PenaltyMarkupPercent",
                table: "Loans",
                type: "numeric(9,4)",
                precision: 9,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<long>(
                name: "PenaltyMinor",
                table: "Loans",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PrincipalOutstandingMinor",
                table: "Loans",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RemindedOn",
                table: "Loans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ReviewedOn",
                table: "Loans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Loans",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "WatchReason",
                table: "Loans",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WatchedAt",
                table: "Loans",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FeeWaivedMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "InterestWaivedMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PaidFeeMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PaidInterestMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PaidLateFeeMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PaidPenaltyMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PaidPrincipalMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PenaltyAccruedMinor",
                table: "LoanInstalment",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PenaltyAccruedThrough",
                table: "LoanInstalment",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DailyRuns",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Runs = table.Column<int>(type: "integer", nullable: false),
                    LoansReviewed = table.Column<int>(type: "integer", nullable: false),
                    Overdue = table.Column<int>(type: "integer", nullable: false),
                    NewlyOverdue = table.Column<int>(type: "integer", nullable: false),
                    RemindersSent = table.Column<int>(type: "integer", nullable: false),
                    ArrearsMinor = table.Column<long>(type: "bigint", nullable: false),
                    RunBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyRuns", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "EmailOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    To = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TextBody = table.Column<string>(type: "text", nullable: false),
                    HtmlBody = table.Column<string>(type: "text", nullable: true),
                    MessageId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GatewayEvents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LoanContact",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LoanId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StaffId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PromiseDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PromiseAmountMinor = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoanContact", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoanContact_Loans_LoanId",
                        column: x => x.LoanId,
                        principalTable: "Loans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoanWatchEvent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LoanId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StaffId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoanWatchEvent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoanWatchEvent_Loans_LoanId",
                        column: x => x.LoanId,
                        principalTable: "Loans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LoanId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    InstalmentNumber = table.Column<int>(type: "integer", nullable: true),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Gateway = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    GatewaySessionId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    GatewayPaymentId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    CheckoutUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FailureReason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ValueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ReceivedMinor = table.Column<long>(type: "bigint", nullable: false),
                    PrincipalPrepaidMinor = table.Column<long>(type: "bigint", nullable: false),
                    CreditMinor = table.Column<long>(type: "bigint", nullable: false),
                    AccruedInterestMinor = table.Column<long>(type: "bigint", nullable: false),
                    EarlyRepaymentFeeMinor = table.Column<long>(type: "bigint", nullable: false),
                    ClosedLoan = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Payments_Loans_LoanId",
                        column: x => x.LoanId,
                        principalTable: "Loans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceRating",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Stage = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRating", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceRating_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PaymentLine",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstalmentNumber = table.Column<int>(type: "integer", nullable: false),
                    Component = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentLine_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Loans_DaysPastDue_Id",
                table: "Loans",
                columns: new[] { "DaysPastDue", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Loans_NextDueDate",
                table: "Loans",
                column: "NextDueDate");

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_MessageId",
                table: "EmailOutbox",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_Status_NextAttemptAt_Id",
                table: "EmailOutbox",
                columns: new[] { "Status", "NextAttemptAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LoanContact_LoanId_At",
                table: "LoanContact",
                columns: new[] { "LoanId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LoanWatchEvent_LoanId_At",
                table: "LoanWatchEvent",
                columns: new[] { "LoanId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLine_PaymentId",
                table: "PaymentLine",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_GatewaySessionId",
                table: "Payments",
                column: "GatewaySessionId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_LoanId_CreatedAt",
                table: "Payments",
                columns: new[] { "LoanId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Reference",
                table: "Payments",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRating_ApplicationId_Stage",
                table: "ServiceRating",
                columns: new[] { "ApplicationId", "Stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRating_At",
                table: "ServiceRating",
                column: "At");

            // Versions and loans written before servicing existed get the defaults a new product has,
            // and each loan's position as of its payout (nothing paid yet).
            migrationBuilder.Sql("UPDATE \"ProductVersions\" SET \"GraceDays\" = 3, \"PenaltyMarkupPercent\" = 50;");
            migrationBuilder.Sql("""
                UPDATE "Loans" SET "Status" = 'Active', "Classification" = 'Normal', "GraceDays" = 3, "PenaltyMarkupPercent" = 50,
                    "PrincipalOutstandingMinor" = "PrincipalMinor",
                    "NextDueDate" = (SELECT MIN(i."DueDate") FROM "LoanInstalment" i WHERE i."LoanId" = "Loans"."Id");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyRuns");

            migrationBuilder.DropTable(
                name: "EmailOutbox");

            migrationBuilder.DropTable(
                name: "GatewayEvents");

            migrationBuilder.DropTable(
                name: "LoanContact");

            migrationBuilder.DropTable(
                name: "LoanWatchEvent");

            migrationBuilder.DropTable(
                name: "PaymentLine");

            migrationBuilder.DropTable(
                name: "ServiceRating");

            migrationBuilder.DropTable(
                name: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Loans_DaysPastDue_Id",
                table: "Loans");

            migrationBuilder.DropIndex(
                name: "IX_Loans_NextDueDate",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "GraceDays",
                table: "ProductVersions");

            migrationBuilder.DropColumn(
                name: "PenaltyMarkupPercent",
                table: "ProductVersions");

            migrationBuilder.DropColumn(
                name: "ArrearsMinor",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "CalledInOn",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "Classification",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "CreditMinor",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "DaysPastDue",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "GraceDays",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "NextDueDate",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "PenaltyMarkupPercent",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "PenaltyMinor",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "PrincipalOutstandingMinor",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "RemindedOn",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "ReviewedOn",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "WatchReason",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "WatchedAt",
                table: "Loans");

            migrationBuilder.DropColumn(
                name: "FeeWaivedMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "InterestWaivedMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "PaidFeeMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "PaidInterestMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "PaidLateFeeMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "PaidPenaltyMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "PaidPrincipalMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "PenaltyAccruedMinor",
                table: "LoanInstalment");

            migrationBuilder.DropColumn(
                name: "PenaltyAccruedThrough",
                table: "LoanInstalment");
        }
    }
}
