using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DashboardTrendIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_notifications_Status_UpdatedAt",
                table: "notifications",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_entry_rollups_SlotStart",
                table: "entry_rollups",
                column: "SlotStart");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notifications_Status_UpdatedAt",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "IX_entry_rollups_SlotStart",
                table: "entry_rollups");
        }
    }
}
