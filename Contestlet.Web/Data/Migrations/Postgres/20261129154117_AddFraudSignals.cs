using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddFraudSignals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BrowserId",
                table: "entries",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NetworkPrefix",
                table: "entries",
                type: "character varying(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "entry_signals",
                columns: table => new
                {
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    Signal = table.Column<int>(type: "integer", nullable: false),
                    ContestId = table.Column<int>(type: "integer", nullable: false),
                    Detail = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DetectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entry_signals", x => new { x.EntryId, x.Signal });
                    table.ForeignKey(
                        name: "FK_entry_signals_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "fraud_scan_marks",
                columns: table => new
                {
                    ContestId = table.Column<int>(type: "integer", nullable: false),
                    ScannedThroughEntryId = table.Column<long>(type: "bigint", nullable: false),
                    ScannedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fraud_scan_marks", x => x.ContestId);
                    table.ForeignKey(
                        name: "FK_fraud_scan_marks_contests_ContestId",
                        column: x => x.ContestId,
                        principalTable: "contests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_entries_ContestId_BrowserId",
                table: "entries",
                columns: new[] { "ContestId", "BrowserId" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_ContestId_NetworkPrefix_EnteredAt",
                table: "entries",
                columns: new[] { "ContestId", "NetworkPrefix", "EnteredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_entry_signals_ContestId_EntryId",
                table: "entry_signals",
                columns: new[] { "ContestId", "EntryId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "entry_signals");

            migrationBuilder.DropTable(
                name: "fraud_scan_marks");

            migrationBuilder.DropIndex(
                name: "IX_entries_ContestId_BrowserId",
                table: "entries");

            migrationBuilder.DropIndex(
                name: "IX_entries_ContestId_NetworkPrefix_EnteredAt",
                table: "entries");

            migrationBuilder.DropColumn(
                name: "BrowserId",
                table: "entries");

            migrationBuilder.DropColumn(
                name: "NetworkPrefix",
                table: "entries");
        }
    }
}
