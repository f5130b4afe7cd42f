using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddPhoneSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "send_ledger",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_send_ledger", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sign_in_challenges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PhoneE164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CodeHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplacedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_in_challenges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sms_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ToE164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1600, nullable: true),
                    Transport = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_records", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_send_ledger_Scope_Key_Sequence",
                table: "send_ledger",
                columns: new[] { "Scope", "Key", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sign_in_challenges_PhoneE164_IssuedAt",
                table: "sign_in_challenges",
                columns: new[] { "PhoneE164", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sms_records_Transport_Id",
                table: "sms_records",
                columns: new[] { "Transport", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "send_ledger");

            migrationBuilder.DropTable(
                name: "sign_in_challenges");

            migrationBuilder.DropTable(
                name: "sms_records");
        }
    }
}
