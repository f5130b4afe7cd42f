using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEntrySource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "entries",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "Web");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Source",
                table: "entries");
        }
    }
}
