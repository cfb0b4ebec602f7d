using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mus.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpMeeting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing conversations get the default length a booking starts with.
            migrationBuilder.AddColumn<int>(
                name: "FollowUpCalendarSequence",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "FollowUpCalendarUid",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FollowUpMeetingLeaderId",
                table: "Conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FollowUpMeetingLocation",
                table: "Conversations",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FollowUpMeetingMinutes",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FollowUpMeetingStart",
                table: "Conversations",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FollowUpCalendarSequence",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "FollowUpCalendarUid",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "FollowUpMeetingLeaderId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "FollowUpMeetingLocation",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "FollowUpMeetingMinutes",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "FollowUpMeetingStart",
                table: "Conversations");
        }
    }
}
