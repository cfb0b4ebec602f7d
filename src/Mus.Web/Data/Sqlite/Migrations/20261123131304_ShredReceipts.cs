using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ShredReceipts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ShredReceipts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EmployeeId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConversationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Compartment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FormerLeaderId = table.Column<int>(type: "INTEGER", nullable: false),
                    ShreddedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShredReceipts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ShredReceipts_EmployeeId",
                table: "ShredReceipts",
                column: "EmployeeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShredReceipts");
        }
    }
}
