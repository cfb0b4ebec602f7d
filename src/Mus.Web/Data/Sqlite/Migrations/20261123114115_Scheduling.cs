using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Scheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CalendarSequence",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "CalendarUid",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Location",
                table: "Conversations",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ScheduledMinutes",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ScheduledStart",
                table: "Conversations",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CalendarSequence",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "CalendarUid",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "Location",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ScheduledMinutes",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ScheduledStart",
                table: "Conversations");
        }
    }
}
