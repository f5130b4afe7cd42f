using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexEntriesForAdminQueries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Expand only (ADR 008). CONCURRENTLY keeps entries writable while a big table is indexed; it cannot run in a
            // transaction, so EF warns (20410) that a crash part-way leaves this migration half applied. IF NOT EXISTS lets
            // it simply run again then; an index whose concurrent build failed is left INVALID and must be dropped by hand first.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"IX_entries_ContestId_Id\" ON entries (\"ContestId\", \"Id\");",
                suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"IX_entries_ContestId_PhoneLast4_EnteredAt\" ON entries (\"ContestId\", \"PhoneLast4\", \"EnteredAt\");",
                suppressTransaction: true);
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
