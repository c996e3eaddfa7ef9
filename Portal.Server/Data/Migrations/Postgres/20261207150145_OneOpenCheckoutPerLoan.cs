using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneOpenCheckoutPerLoan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Loans left with several open checkouts keep the newest; a Stripe session of the others that is paid
            // after all is still posted by its webhook (Stripe's confirmations are posted whatever the attempt's state).
            migrationBuilder.Sql("""
                UPDATE "Payments" SET "Status" = 'Cancelled'
                WHERE "Status" = 'Pending' AND EXISTS (
                    SELECT 1 FROM "Payments" AS newer
                    WHERE newer."LoanId" = "Payments"."LoanId" AND newer."Status" = 'Pending'
                      AND (newer."CreatedAt" > "Payments"."CreatedAt" OR (newer."CreatedAt" = "Payments"."CreatedAt" AND newer."Id" > "Payments"."Id")))
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_OneOpenPerLoan",
                table: "Payments",
                column: "LoanId",
                unique: true,
                filter: "\"Status\" = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_OneOpenPerLoan",
                table: "Payments");
        }
    }
}
