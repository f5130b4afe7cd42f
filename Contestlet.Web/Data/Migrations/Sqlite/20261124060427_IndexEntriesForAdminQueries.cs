using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexEntriesForAdminQueries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_entries_ContestId_Id",
                table: "entries",
                columns: new[] { "ContestId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_ContestId_PhoneLast4_EnteredAt",
                table: "entries",
                columns: new[] { "ContestId", "PhoneLast4", "EnteredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_entries_ContestId_Id",
                table: "entries");

            migrationBuilder.DropIndex(
                name: "IX_entries_ContestId_PhoneLast4_EnteredAt",
                table: "entries");
        }
    }
}
