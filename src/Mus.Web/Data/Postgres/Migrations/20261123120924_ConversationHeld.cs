using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConversationHeld : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HeldAt",
                table: "Conversations",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HeldAt",
                table: "Conversations");
        }
    }
}
