using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ConversationCountedAsOfRound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "JobGroupIdAtRound",
                table: "Conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "UnitIdAtRound",
                table: "Conversations",
                type: "INTEGER",
                nullable: true);

            // Conversations made before this release: their people's unit and job group now are the best known.
            migrationBuilder.Sql("""
                UPDATE "Conversations" SET
                    "UnitIdAtRound" = (SELECT p."OrgUnitId" FROM "People" AS p WHERE p."Id" = "Conversations"."EmployeeId"),
                    "JobGroupIdAtRound" = (SELECT p."JobGroupId" FROM "People" AS p WHERE p."Id" = "Conversations"."EmployeeId")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_JobGroupIdAtRound",
                table: "Conversations",
                column: "JobGroupIdAtRound");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_UnitIdAtRound",
                table: "Conversations",
                column: "UnitIdAtRound");

            migrationBuilder.AddForeignKey(
                name: "FK_Conversations_JobGroups_JobGroupIdAtRound",
                table: "Conversations",
                column: "JobGroupIdAtRound",
                principalTable: "JobGroups",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Conversations_OrgUnits_UnitIdAtRound",
                table: "Conversations",
                column: "UnitIdAtRound",
                principalTable: "OrgUnits",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Conversations_JobGroups_JobGroupIdAtRound",
                table: "Conversations");

            migrationBuilder.DropForeignKey(
                name: "FK_Conversations_OrgUnits_UnitIdAtRound",
                table: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_JobGroupIdAtRound",
                table: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_UnitIdAtRound",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "JobGroupIdAtRound",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "UnitIdAtRound",
                table: "Conversations");
        }
    }
}
