using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWinnersAndClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PhoneLast4",
                table: "entries",
                type: "TEXT",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            // Entries made before this migration get their last four digits from the stored number.
            migrationBuilder.Sql("""UPDATE entries SET "PhoneLast4" = substr("PhoneE164", -4);""");

            migrationBuilder.CreateTable(
                name: "prize_awards",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContestId = table.Column<int>(type: "INTEGER", nullable: false),
                    DrawId = table.Column<long>(type: "INTEGER", nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    AlternateIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SelectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NotifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimDeadline = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ProtectedClaimToken = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ClaimedName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    ClaimedEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prize_awards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_prize_awards_contests_ContestId",
                        column: x => x.ContestId,
                        principalTable: "contests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_prize_awards_draws_DrawId",
                        column: x => x.DrawId,
                        principalTable: "draws",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_prize_awards_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_entries_ContestId_EnteredAt",
                table: "entries",
                columns: new[] { "ContestId", "EnteredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_ContestId_PhoneLast4",
                table: "entries",
                columns: new[] { "ContestId", "PhoneLast4" });

            migrationBuilder.CreateIndex(
                name: "IX_prize_awards_ClaimTokenHash",
                table: "prize_awards",
                column: "ClaimTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_prize_awards_ContestId_EntryId",
                table: "prize_awards",
                columns: new[] { "ContestId", "EntryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_prize_awards_ContestId_Slot",
                table: "prize_awards",
                columns: new[] { "ContestId", "Slot" });

            migrationBuilder.CreateIndex(
                name: "IX_prize_awards_DrawId",
                table: "prize_awards",
                column: "DrawId");

            migrationBuilder.CreateIndex(
                name: "IX_prize_awards_EntryId",
                table: "prize_awards",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_prize_awards_Status_ClaimDeadline",
                table: "prize_awards",
                columns: new[] { "Status", "ClaimDeadline" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "prize_awards");

            migrationBuilder.DropIndex(
                name: "IX_entries_ContestId_EnteredAt",
                table: "entries");

            migrationBuilder.DropIndex(
                name: "IX_entries_ContestId_PhoneLast4",
                table: "entries");

            migrationBuilder.DropColumn(
                name: "PhoneLast4",
                table: "entries");
        }
    }
}
