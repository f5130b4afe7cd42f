using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AdminContestLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CancellationReason",
                table: "contests",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImportedExtrasJson",
                table: "contests",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "admin_profiles",
                columns: table => new
                {
                    PhoneE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    TimeZoneId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_profiles", x => x.PhoneE164);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    ContestId = table.Column<int>(type: "integer", nullable: true),
                    ContestName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contests_DeletedAt",
                table: "contests",
                column: "DeletedAt",
                filter: "\"DeletedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_contests_EntryCount",
                table: "contests",
                column: "EntryCount");

            migrationBuilder.CreateIndex(
                name: "IX_contests_Name",
                table: "contests",
                column: "Name");

            // Hand-written: EF Core 10 cannot declare an index on a complex property's column (Schedule.StartsAt/EndsAt).
            // The admin grid sorts by them and the public pages filter by them.
            migrationBuilder.CreateIndex(
                name: "IX_contests_StartsAt",
                table: "contests",
                column: "StartsAt");

            migrationBuilder.CreateIndex(
                name: "IX_contests_EndsAt",
                table: "contests",
                column: "EndsAt");

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_At",
                table: "audit_log",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_ContestId",
                table: "audit_log",
                column: "ContestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_profiles");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropIndex(
                name: "IX_contests_DeletedAt",
                table: "contests");

            migrationBuilder.DropIndex(
                name: "IX_contests_EntryCount",
                table: "contests");

            migrationBuilder.DropIndex(
                name: "IX_contests_Name",
                table: "contests");

            migrationBuilder.DropIndex(
                name: "IX_contests_StartsAt",
                table: "contests");

            migrationBuilder.DropIndex(
                name: "IX_contests_EndsAt",
                table: "contests");

            migrationBuilder.DropColumn(
                name: "CancellationReason",
                table: "contests");

            migrationBuilder.DropColumn(
                name: "ImportedExtrasJson",
                table: "contests");
        }
    }
}
