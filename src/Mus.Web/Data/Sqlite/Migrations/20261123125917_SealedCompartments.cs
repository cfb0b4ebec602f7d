using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SealedCompartments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Content",
                table: "ConversationParts");

            migrationBuilder.AddColumn<Guid>(
                name: "KeyId",
                table: "ConversationParts",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<byte[]>(
                name: "Sealed",
                table: "ConversationParts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "WrappedKey",
                table: "ConversationParts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "KeyEncryptionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Protected = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyEncryptionKeys", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeyEncryptionKeys");

            migrationBuilder.DropColumn(
                name: "KeyId",
                table: "ConversationParts");

            migrationBuilder.DropColumn(
                name: "Sealed",
                table: "ConversationParts");

            migrationBuilder.DropColumn(
                name: "WrappedKey",
                table: "ConversationParts");

            migrationBuilder.AddColumn<string>(
                name: "Content",
                table: "ConversationParts",
                type: "TEXT",
                maxLength: 200000,
                nullable: false,
                defaultValue: "");
        }
    }
}
