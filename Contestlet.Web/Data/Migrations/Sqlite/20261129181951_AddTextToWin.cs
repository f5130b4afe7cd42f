using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddTextToWin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Keyword",
                table: "contests",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KeywordClaim",
                table: "contests",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SmsDoubleOptIn",
                table: "contests",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "sms_contacts",
                columns: table => new
                {
                    PhoneE164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FirstSentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_contacts", x => x.PhoneE164);
                });

            migrationBuilder.CreateTable(
                name: "sms_conversations",
                columns: table => new
                {
                    PhoneE164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ContestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_conversations", x => x.PhoneE164);
                    table.ForeignKey(
                        name: "FK_sms_conversations_contests_ContestId",
                        column: x => x.ContestId,
                        principalTable: "contests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sms_inbound",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageSid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1600, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_inbound", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contests_Keyword",
                table: "contests",
                column: "Keyword");

            migrationBuilder.CreateIndex(
                name: "IX_contests_KeywordClaim",
                table: "contests",
                column: "KeywordClaim",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sms_conversations_ContestId",
                table: "sms_conversations",
                column: "ContestId");

            migrationBuilder.CreateIndex(
                name: "IX_sms_inbound_From_ReceivedAt",
                table: "sms_inbound",
                columns: new[] { "From", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sms_inbound_MessageSid",
                table: "sms_inbound",
                column: "MessageSid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sms_contacts");

            migrationBuilder.DropTable(
                name: "sms_conversations");

            migrationBuilder.DropTable(
                name: "sms_inbound");

            migrationBuilder.DropIndex(
                name: "IX_contests_Keyword",
                table: "contests");

            migrationBuilder.DropIndex(
                name: "IX_contests_KeywordClaim",
                table: "contests");

            migrationBuilder.DropColumn(
                name: "Keyword",
                table: "contests");

            migrationBuilder.DropColumn(
                name: "KeywordClaim",
                table: "contests");

            migrationBuilder.DropColumn(
                name: "SmsDoubleOptIn",
                table: "contests");
        }
    }
}
