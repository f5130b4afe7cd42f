using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contestlet.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSealedDrawSeeds : Migration
    {
        /// <inheritdoc />
        /// <summary>Expand (docs/decisions/008-…): a nullable column; the previous release neither reads nor writes it. Seeds in the old clear DrawSeed column are sealed into it by the migrate step (docs/decisions/017-secrets-at-rest.md).</summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "SealedDrawSeed",
                table: "contests",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SealedDrawSeed",
                table: "contests");
        }
    }
}
