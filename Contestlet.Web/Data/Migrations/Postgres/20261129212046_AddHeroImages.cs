using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddHeroImages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HeroImageHash",
                table: "contests",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HeroImageHeight",
                table: "contests",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HeroImageWidth",
                table: "contests",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "image_renditions",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_image_renditions", x => new { x.Hash, x.Width });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "image_renditions");

            migrationBuilder.DropColumn(
                name: "HeroImageHash",
                table: "contests");

            migrationBuilder.DropColumn(
                name: "HeroImageHeight",
                table: "contests");

            migrationBuilder.DropColumn(
                name: "HeroImageWidth",
                table: "contests");
        }
    }
}
