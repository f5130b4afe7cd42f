using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
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
                type: "character varying(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            // Entries made before this migration get their last four digits from the stored number.
            migrationBuilder.Sql("""UPDATE entries SET "PhoneLast4" = right("PhoneE164", 4);""");

            migrationBuilder.CreateTable(
                name: "prize_awards",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ContestId = table.Column<int>(type: "integer", nullable: false),
                    DrawId = table.Column<long>(type: "bigint", nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    AlternateIndex = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SelectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NotifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ProtectedClaimToken = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ClaimedName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    ClaimedEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
