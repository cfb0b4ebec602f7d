using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FiguresForStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HeldWithLeaderId",
                table: "Conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatisticsOptOutAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConversationFigures",
                columns: table => new
                {
                    ConversationId = table.Column<int>(type: "INTEGER", nullable: false),
                    EmployeePreparation = table.Column<byte[]>(type: "BLOB", nullable: true),
                    LeaderPreparation = table.Column<byte[]>(type: "BLOB", nullable: true),
                    SharedNotes = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Plan = table.Column<byte[]>(type: "BLOB", nullable: true),
                    EmployeeEvaluation = table.Column<byte[]>(type: "BLOB", nullable: true),
                    LeaderEvaluation = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationFigures", x => x.ConversationId);
                    table.ForeignKey(
                        name: "FK_ConversationFigures_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_HeldWithLeaderId",
                table: "Conversations",
                column: "HeldWithLeaderId");

            migrationBuilder.AddForeignKey(
                name: "FK_Conversations_People_HeldWithLeaderId",
                table: "Conversations",
                column: "HeldWithLeaderId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            // Conversations held before this release were held with the leader they have now.
            migrationBuilder.Sql("""UPDATE "Conversations" SET "HeldWithLeaderId" = "LeaderId" WHERE "Status" = 'Held';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Conversations_People_HeldWithLeaderId",
                table: "Conversations");

            migrationBuilder.DropTable(
                name: "ConversationFigures");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_HeldWithLeaderId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "HeldWithLeaderId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "StatisticsOptOutAt",
                table: "Conversations");
        }
    }
}
