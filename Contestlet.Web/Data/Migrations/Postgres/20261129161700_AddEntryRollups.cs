using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddEntryRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Entries the fraud pass read before the rollup existed were never counted in it: start the pass over, so it
            // builds the rollup from every entry (its signals are upserts, so reading entries again changes nothing else).
            migrationBuilder.Sql("DELETE FROM fraud_scan_marks;");

            migrationBuilder.CreateTable(
                name: "entry_rollups",
                columns: table => new
                {
                    ContestId = table.Column<int>(type: "integer", nullable: false),
                    SlotStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Entries = table.Column<int>(type: "integer", nullable: false),
                    People = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entry_rollups", x => new { x.ContestId, x.SlotStart, x.Source, x.State });
                    table.ForeignKey(
                        name: "FK_entry_rollups_contests_ContestId",
                        column: x => x.ContestId,
                        principalTable: "contests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_ContestId_Status",
                table: "notifications",
                columns: new[] { "ContestId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "entry_rollups");

            migrationBuilder.DropIndex(
                name: "IX_notifications_ContestId_Status",
                table: "notifications");
        }
    }
}
