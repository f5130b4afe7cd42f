using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ImageUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    SponsorName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    SponsorUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    ClaimWindowHours = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EntryCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DrawSeed = table.Column<byte[]>(type: "BLOB", nullable: true),
                    SeedCommitment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EligibilityCustomText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EntryFrequency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MinimumAge = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionScope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    States = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TotalEntryCap = table.Column<int>(type: "INTEGER", nullable: true),
                    SmsEntryConfirmation = table.Column<string>(type: "TEXT", maxLength: 640, nullable: true),
                    SmsNonWinner = table.Column<string>(type: "TEXT", maxLength: 640, nullable: true),
                    SmsReminder = table.Column<string>(type: "TEXT", maxLength: 640, nullable: true),
                    SmsWinner = table.Column<string>(type: "TEXT", maxLength: 640, nullable: true),
                    AlternateCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PrizeDescription = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PrizeValueUsd = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    WinnerCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RulesEligibilityText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RulesSponsorLegalName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    RulesTermsUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContestId = table.Column<int>(type: "INTEGER", nullable: false),
                    PhoneE164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DisqualifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DisqualificationReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_entries_contests_ContestId",
                        column: x => x.ContestId,
                        principalTable: "contests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contests_Code",
                table: "contests",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_entries_ContestId_PhoneE164_PeriodKey",
                table: "entries",
                columns: new[] { "ContestId", "PhoneE164", "PeriodKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_entries_PhoneE164",
                table: "entries",
                column: "PhoneE164");

            migrationBuilder.CreateIndex(
                name: "IX_entries_Reference",
                table: "entries",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "entries");

            migrationBuilder.DropTable(
                name: "contests");
        }
    }
}
