using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddDrawEntryLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "draw_entry_lists",
                columns: table => new
                {
                    ContestId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_draw_entry_lists", x => x.ContestId);
                    table.ForeignKey(
                        name: "FK_draw_entry_lists_contests_ContestId",
                        column: x => x.ContestId,
                        principalTable: "contests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "draw_entry_lists");
        }
    }
}
