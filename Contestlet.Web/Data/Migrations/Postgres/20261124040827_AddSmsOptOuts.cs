using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSmsOptOuts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sms_opt_outs",
                columns: table => new
                {
                    PhoneE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OptedOutAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_opt_outs", x => x.PhoneE164);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sms_opt_outs");
        }
    }
}
