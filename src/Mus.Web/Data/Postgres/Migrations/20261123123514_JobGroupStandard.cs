using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class JobGroupStandard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Standard",
                table: "JobGroups",
                type: "text",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Standard",
                table: "JobGroups");
        }
    }
}
