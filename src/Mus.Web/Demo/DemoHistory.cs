using Mus.Web.Domain.Plans;

namespace Mus.Web.Demo;

/// <summary>
/// Last year's round in the operations unit, held and finished: Ida Brandt and Rasmus Thorsen have
/// approved plans with follow-ups, so this year's preparation opens with a look-back; everyone's agenda
/// and evaluation give the round's figures.
/// </summary>
internal static class DemoHistory
{
    public static async Task AddAsync(AppDbContext db, OrgUnit unit, Person leader, IReadOnlyDictionary<string, Person> people, int templateVersionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var opened = now.AddYears(-1);
        var firstDay = DateOnly.FromDateTime(opened.UtcDateTime);
        var round = new Round
        {
            Name = $"MUS {firstDay.Year}",
            Year = firstDay.Year,
            TemplateVersionId = templateVersionId,
            PreparationDeadline = firstDay.AddDays(14),
            ConversationDeadline = firstDay.AddDays(45),
            OpenedAt = opened,
        };
        round.Units.Add(new RoundUnit { OrgUnitId = unit.Id });
        db.Rounds.Add(round);

        var conversations = people.Values.Where(p => p.Leader == leader).Select(employee =>
        {
            var conversation = new Conversation { Round = round, Employee = employee, Leader = leader, TemplateVersionId = templateVersionId, CreatedAt = opened, UnitIdAtRound = employee.OrgUnitId, JobGroupIdAtRound = employee.JobGroupId };
            conversation.MarkHeld(opened.AddDays(30));
            return conversation;
        }).ToList();
        db.Conversations.AddRange(conversations);
        // Content is sealed to its conversation's id, so the conversations are saved first.
        await db.SaveChangesAsync(cancellationToken);

        // What each pair put on the agenda and how each rated the conversation afterwards (fixed answers
        // only), so that last year's round has figures for HR's report and Karsten's joint feedback.
        foreach (var (conversation, index) in conversations.Select((c, i) => (c, i)))
        {
            string[] themes = ["tasks", "relations", "competence-needs", "lookback"];
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.SharedNotes, Content = new SharedNotes { Agenda = [.. new[] { themes[index % 4], themes[(index + 1) % 3] }.Distinct()] }.Write(), UpdatedAt = opened.AddDays(30) });
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.EmployeeEvaluation, Content = Domain.Conversations.Answers.Write(new Dictionary<string, string> { ["eval-useful"] = $"{3 + (index % 3)}", ["eval-heard"] = $"{2 + (index % 4)}" }), UpdatedAt = opened.AddDays(31) });
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.LeaderEvaluation, Content = Domain.Conversations.Answers.Write(new Dictionary<string, string> { ["eval-useful"] = $"{4 + (index % 2)}" }), UpdatedAt = opened.AddDays(31) });
        }

        foreach (var conversation in conversations)
        {
            var employee = conversation.Employee!;
            var plan = employee.EmployeeNumber switch
            {
                "1011" => IdasPlan(firstDay),
                "1012" => RasmusPlan(firstDay),
                _ => null,
            };
            if (plan is null)
            {
                continue;
            }

            var approvedAt = opened.AddDays(33);
            plan.Approve(PlanParty.Employee, employee.Id, plan.Hash, approvedAt);
            plan.Approve(PlanParty.Leader, leader.Id, plan.Hash, approvedAt.AddHours(2));
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.Plan, Content = plan.Write(), UpdatedAt = approvedAt });
            if (plan.Content.Actions.Any(a => a.GoesFurther is not null))
            {
                var forwarded = ForwardedItems.Read(null).WithApproved(plan);
                forwarded = forwarded.WithStatus(forwarded.Items[0].ActionKey, plan.Number, ForwardedStatus.Granted, approvedAt.AddDays(10));
                db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.Forwarded, Content = forwarded.Write(), UpdatedAt = approvedAt.AddDays(10) });
            }

            var firstAction = plan.Content.Actions.First();
            var followUps = new FollowUpLog([
                new FollowUp(firstDay.AddMonths(6), "Kurset er taget. Næste skridt er at bruge det på vagterne.", leader.Id, opened.AddMonths(6), new Dictionary<string, ActionStatus> { [firstAction.Key] = ActionStatus.Done }),
            ]);
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.FollowUps, Content = followUps.Write(), UpdatedAt = opened.AddMonths(6) });
            conversation.UpdatePlanFacts(plan, followUps, approvedAt.AddHours(2));
        }
    }

    private static Plan IdasPlan(DateOnly start)
    {
        var plan = new Plan();
        plan.Edit(new PlanContent([
            new PlanGoal("demo-ida-1", "Blive fortrolig med det nye SRO-system", [
                new PlanAction("demo-ida-1a", "Leverandørens grundkursus i SRO", "Styring og overvågning af anlæg", "course", "employee", start.AddMonths(4), start.AddMonths(6), ActionStatus.Planned, "Kursusønske: leverandørens grundkursus i SRO, to dage"),
                new PlanAction("demo-ida-1b", "Tage tre vagter sammen med Niels", "Fejlfinding i praksis", "on-the-job", "both", start.AddMonths(8), start.AddMonths(6), ActionStatus.Planned, null),
            ]),
            new PlanGoal("demo-ida-2", "Mere ansvar for planlægningen af vagter", [
                new PlanAction("demo-ida-2a", "Lave udkastet til vagtplanen for efteråret", "Planlægning", "new-tasks", "employee", start.AddMonths(9), start.AddMonths(10), ActionStatus.Planned, null),
            ]),
        ]));
        return plan;
    }

    private static Plan RasmusPlan(DateOnly start)
    {
        var plan = new Plan();
        plan.Edit(new PlanContent([
            new PlanGoal("demo-rasmus-1", "Dele erfaringen med de nye kolleger", [
                new PlanAction("demo-rasmus-1a", "Være fast sidemand for lærlingen", "Vidensdeling", "mentor", "employee", start.AddMonths(10), start.AddMonths(5), ActionStatus.Planned, null),
            ]),
        ]));
        return plan;
    }
}
