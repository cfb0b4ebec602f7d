namespace Mus.Web.Domain.Templates;

/// <summary>
/// The templates every organisation starts with, written by us after the structure of the source
/// texts (see ../shared/seeds): the standard conversation, four themes, four needs, the quality
/// standard, the senior conversation, the leader's own conversation and the follow-up.
/// </summary>
public static class BuiltInTemplates
{
    public sealed record BuiltIn(string Key, string Name, TemplateDocument Document);

    private static TemplateQuestion Employee(string key, string text, QuestionKind kind = QuestionKind.FreeText) => new(key, text, kind, QuestionAudience.EmployeePreparation);

    private static TemplateQuestion Leader(string key, string text, QuestionKind kind = QuestionKind.FreeText) => new(key, text, kind, QuestionAudience.LeaderPreparation);

    private static TemplateQuestion Together(string key, string text, QuestionKind kind = QuestionKind.FreeText) => new(key, text, kind, QuestionAudience.Conversation);

    private static TemplateQuestion Afterwards(string key, string text, QuestionKind kind = QuestionKind.Scale) => new(key, text, kind, QuestionAudience.Evaluation);

    private static TemplateSection Section(string key, string title, string? intro, params TemplateQuestion[] questions) => new(key, title, intro, questions);

    // The same closing questions for every conversation, so that HR can compare rounds.
    private static TemplateSection Evaluation() => Section("evaluation", "Evaluering", "Besvares af hver af jer efter samtalen.",
        Afterwards("eval-useful", "Hvor udbytterig var samtalen for dig? (1 = slet ikke, 5 = i høj grad)"),
        Afterwards("eval-heard", "Hvor godt følte du dig hørt? (1 = slet ikke, 5 = i høj grad)"),
        Afterwards("eval-better", "Hvad kunne gøre næste samtale bedre?", QuestionKind.FreeText));

    public static IReadOnlyList<BuiltIn> All { get; } =
    [
        new("standard", "Standard-MUS", new TemplateDocument(
            "Den klassiske årlige samtale om opgaver, samarbejde, ledelse og udvikling.",
            [
                Section("lookback", "Siden sidst", "Hvad aftalte I sidste år, og hvordan er det gået?",
                    Employee("lookback-employee", "Hvilke af sidste års aftaler er lykkedes, og hvilke er gået i stå?"),
                    Leader("lookback-leader", "Hvad har du set medarbejderen nå siden sidste samtale?"),
                    Together("lookback-notes", "Fælles noter om sidste års aftaler")),
                Section("tasks", "Opgaver, mål og planer", null,
                    Employee("tasks-satisfied", "Hvor tilfreds er du med dine opgaver lige nu?", QuestionKind.Scale),
                    Employee("tasks-workload", "Passer mængden af opgaver til den tid, du har?", QuestionKind.YesNo),
                    Employee("tasks-future", "Hvilke opgaver vil du gerne have mere eller mindre af det kommende år?"),
                    Leader("tasks-leader", "Hvilke opgaver og mål ser du for medarbejderen det kommende år?"),
                    Together("tasks-notes", "Fælles noter om opgaver og mål")),
                Section("leadership", "Syn på ledelse", null,
                    Employee("leadership-support", "Hvordan oplever du den støtte og sparring, du får fra mig som leder?"),
                    Employee("leadership-feedback", "Hvordan og hvor ofte vil du gerne have feedback?"),
                    Together("leadership-notes", "Fælles noter om ledelse og feedback")),
                Section("environment", "Arbejdsmiljø og samarbejde", null,
                    Employee("environment-wellbeing", "Hvordan trives du på arbejdet? Hvad trækker op, og hvad trækker ned?"),
                    Employee("environment-colleagues", "Hvordan fungerer samarbejdet med dine kolleger?"),
                    Together("environment-notes", "Fælles noter om arbejdsmiljø og samarbejde")),
                Section("competences", "Faglige og personlige kompetencer", null,
                    Employee("competences-grow", "Hvad vil du gerne blive bedre til, fagligt eller personligt?"),
                    Leader("competences-leader", "Hvilke kompetencer skal medarbejderen udvikle for at løse fremtidens opgaver?"),
                    Together("competences-notes", "Fælles noter om kompetencer")),
                Evaluation(),
            ])),
        new("four-themes", "Fire temaer", new TemplateDocument(
            "Samtalen bygget op om fire temaer: opgaver, relationer og ledelse, kompetencebehov og udviklingsplan. Regn med 1–1½ time.",
            [
                Section("structure", "Samtalens form", "Lederen fortæller, hvordan samtalen forløber, og at den slutter med en fælles udviklingsplan.",
                    Together("structure-expectations", "Hvad vil I hver især gerne nå i dag?")),
                Section("lookback", "Tilbageblik", "Læs planen fra sidste samtale inden I mødes.",
                    Employee("lookback-goals", "Hvordan er det gået med målene i din sidste udviklingsplan?"),
                    Leader("lookback-leader", "Hvordan er det efter din vurdering gået med sidste års aftaler?"),
                    Together("lookback-notes", "Fælles noter om tilbageblikket")),
                Section("tasks", "Opgaver", null,
                    Employee("tasks-success", "Hvilke opgaver er lykkedes særligt godt, og hvad gjorde forskellen?"),
                    Employee("tasks-hard", "Hvilke opgaver har været svære, og hvorfor?"),
                    Leader("tasks-ahead", "Hvilke nye opgaver kommer der, og hvad kræver de af medarbejderen?"),
                    Together("tasks-notes", "Fælles noter om opgaver")),
                Section("relations", "Relationer og ledelse", null,
                    Employee("relations-good", "Hvilke samarbejder fungerer godt for dig, og hvilke er udfordrende?"),
                    Employee("relations-leader", "Hvad skal vi holde fast i og udvikle i samarbejdet mellem os to?"),
                    Leader("relations-leader-view", "Hvordan oplever du samarbejdet med medarbejderen, og hvad vil du gerne have mere af?"),
                    Together("relations-notes", "Fælles noter om relationer og ledelse")),
                Section("competence-needs", "Kompetencebehov nu og fremover", null,
                    Leader("needs-goals", "Hvilke mål og politikker skal arbejdspladsen nå, og hvad betyder de for kompetencerne?"),
                    Employee("needs-own", "Hvilke kompetencer har du brug for at udvikle til fremtidens opgaver?"),
                    Together("needs-notes", "Fælles noter om kompetencebehov")),
                Section("other", "Andre emner", null,
                    Employee("other-topics", "Er der andet, du gerne vil tale om?"),
                    Together("other-notes", "Fælles noter om andre emner")),
                Section("closing", "Udviklingsplan og afrunding", "Aftal hvem der skriver planen, hvornår den er klar til godkendelse, og hvornår I følger op.",
                    Together("closing-followup", "Hvornår følger I op, og hvem tager initiativet?")),
                Evaluation(),
            ])),
        new("four-needs", "Fire behov", new TemplateDocument(
            "Samtalen tager udgangspunkt i fire grundlæggende behov i arbejdslivet: at mestre, at se mening og retning, at høre til og at blive anerkendt.",
            [
                Section("agenda", "Forventninger", "Vælg sammen, hvilke af de fire behov I begynder med. I behøver ikke nå dem alle.",
                    Together("agenda-priorities", "Hvilke behov prioriterer I i dag, og hvorfor?")),
                Section("mastery", "At mestre", "Oplevelsen af at kunne sine opgaver og blive dygtigere.",
                    Employee("mastery-strong", "Hvornår oplever du at være rigtig god til dit arbejde? Giv et eksempel."),
                    Employee("mastery-stretch", "Hvor vil du gerne strække dig og lære noget nyt?"),
                    Leader("mastery-leader", "Hvor ser du medarbejderens styrker, og hvor er der plads til at vokse?"),
                    Together("mastery-notes", "Fælles noter om at mestre")),
                Section("meaning", "Mening og retning", "At kunne se, hvad opgaverne bidrager til.",
                    Employee("meaning-why", "Hvilke opgaver giver dig mest mening, og hvorfor?"),
                    Employee("meaning-direction", "Hvor tydeligt er det for dig, hvor vi er på vej hen som arbejdsplads?", QuestionKind.Scale),
                    Leader("meaning-leader", "Hvordan hænger medarbejderens opgaver sammen med arbejdspladsens mål?"),
                    Together("meaning-notes", "Fælles noter om mening og retning")),
                Section("belonging", "At høre til", "Fællesskab og samarbejde med andre.",
                    Employee("belonging-team", "Hvordan oplever du at være en del af fællesskabet?"),
                    Employee("belonging-help", "Hvem hjælper du, og hvem hjælper dig?"),
                    Together("belonging-notes", "Fælles noter om at høre til")),
                Section("recognition", "Anerkendelse og potentiale", "At blive set og få brugt det, man kan.",
                    Employee("recognition-seen", "Hvordan mærker du, at dit arbejde bliver set og værdsat?"),
                    Employee("recognition-unused", "Har du evner eller interesser, som ikke bliver brugt i dag?"),
                    Leader("recognition-leader", "Hvilken konkret anerkendelse og feedback vil du give medarbejderen?"),
                    Together("recognition-notes", "Fælles noter om anerkendelse og potentiale")),
                Section("balance", "Arbejdsliv og privatliv", null,
                    Employee("balance-now", "Hvordan hænger arbejdsliv og privatliv sammen for dig lige nu?", QuestionKind.Scale),
                    Together("balance-notes", "Fælles noter om balancen")),
                Evaluation(),
            ])),
        new("quality-standard", "Kvalitetsstandard", new TemplateDocument(
            "Begge vurderer på forhånd medarbejderens kompetencer ud fra jobgruppens standard, og begge giver hinanden feedback: ros, noget at forbedre, ros.",
            [
                Section("assessment", "Kompetencer i forhold til standarden", "Vurdér hver kompetence fra 1 til 5 i forhold til det forventede niveau.",
                    Employee("assessment-self", "Din egen vurdering af dine kompetencer", QuestionKind.Competence),
                    Leader("assessment-leader", "Din vurdering af medarbejderens kompetencer", QuestionKind.Competence),
                    Together("assessment-notes", "Fælles noter om kompetenceniveauet")),
                Section("feedback-employee", "Feedback til medarbejderen", "Ros – noget der kan blive bedre – ros.",
                    Leader("feedback-to-employee-praise", "Hvad gør medarbejderen rigtig godt i det daglige?"),
                    Leader("feedback-to-employee-improve", "Hvad kan medarbejderen gøre bedre?"),
                    Together("feedback-employee-notes", "Fælles noter om feedbacken til medarbejderen")),
                Section("feedback-leader", "Feedback til lederen", "Ros – noget der kan blive bedre – ros.",
                    Employee("feedback-to-leader-praise", "Hvad gør din leder godt, når det gælder ledelse og problemløsning?"),
                    Employee("feedback-to-leader-improve", "Hvad kan din leder gøre bedre?"),
                    Together("feedback-leader-notes", "Fælles noter om feedbacken til lederen")),
                Section("climate", "Samarbejdsklima", null,
                    Employee("climate-colleagues", "Hvordan er samarbejdet med dine kolleger?"),
                    Together("climate-notes", "Fælles noter om samarbejdsklimaet")),
                Section("obstacles", "Personlige forhold og forhindringer", null,
                    Employee("obstacles-own", "Er der forhold, som gør det svært for dig at løse dine opgaver?"),
                    Together("obstacles-notes", "Fælles noter")),
                Section("ideas", "Idéer til arbejdspladsen", null,
                    Employee("ideas-own", "Har du forslag til, hvordan vi kan gøre tingene bedre eller højne kvaliteten?"),
                    Together("ideas-notes", "Fælles noter om idéerne")),
                Evaluation(),
            ])),
        new("senior", "Seniorsamtale", new TemplateDocument(
            "En samtale om de kommende år af arbejdslivet: ønsker, energi, viden der skal gives videre, og hvad der skal til for at trives hele vejen.",
            [
                Section("horizon", "De næste år", null,
                    Employee("horizon-wishes", "Hvordan ser du dine sidste år på arbejdsmarkedet for dig?"),
                    Employee("horizon-timing", "Har du gjort dig tanker om, hvornår og hvordan du vil trappe ned?"),
                    Together("horizon-notes", "Fælles noter om de næste år")),
                Section("energy", "Energi og trivsel", null,
                    Employee("energy-sources", "Hvad giver dig energi i arbejdet, og hvad tapper dig?"),
                    Employee("energy-adjust", "Er der opgaver eller arbejdstider, du gerne vil ændre på?"),
                    Together("energy-notes", "Fælles noter om energi og trivsel")),
                Section("knowledge", "Viden der skal gives videre", null,
                    Employee("knowledge-what", "Hvilken viden og erfaring har du, som kollegerne bør få del i?"),
                    Leader("knowledge-leader", "Hvordan kan vi bedst sikre, at medarbejderens erfaring bliver delt?"),
                    Together("knowledge-notes", "Fælles noter om videndeling")),
                Section("arrangements", "Muligheder og aftaler", null,
                    Leader("arrangements-options", "Hvilke seniorordninger og muligheder kan arbejdspladsen tilbyde?"),
                    Together("arrangements-notes", "Fælles noter om mulige aftaler")),
                Evaluation(),
            ])),
        new("leader-development", "Lederudviklingssamtale (LUS)", new TemplateDocument(
            "Lederens egen udviklingssamtale med sin leder: ledelsesopgaven, resultater, egen udvikling og den støtte, der skal til.",
            [
                Section("task", "Ledelsesopgaven", null,
                    Employee("task-success", "Hvad er lykkedes for dig som leder det seneste år?"),
                    Employee("task-hard", "Hvilke ledelsesopgaver har været svære?"),
                    Leader("task-leader", "Hvordan ser du lederens resultater og ledelse det seneste år?"),
                    Together("task-notes", "Fælles noter om ledelsesopgaven")),
                Section("team", "Medarbejdere og resultater", null,
                    Employee("team-state", "Hvordan har dine medarbejdere og dit område det?"),
                    Together("team-notes", "Fælles noter om området")),
                Section("growth", "Egen udvikling som leder", null,
                    Employee("growth-next", "Hvad vil du udvikle i din ledelse det kommende år?"),
                    Leader("growth-leader", "Hvilken udvikling ser du som vigtigst for lederen?"),
                    Together("growth-notes", "Fælles noter om udvikling")),
                Section("support", "Støtte og samarbejde", "Feedback begge veje: ros, noget der kan blive bedre, ros.",
                    Employee("support-need", "Hvilken støtte og sparring har du brug for fra mig?"),
                    Employee("support-feedback", "Hvad gør jeg godt som din leder, og hvad kan jeg gøre bedre?"),
                    Leader("support-feedback-leader", "Hvilken feedback vil du give lederen?"),
                    Together("support-notes", "Fælles noter om støtte og samarbejde")),
                Evaluation(),
            ])),
        new("follow-up", "Opfølgning (mini-MUS)", new TemplateDocument(
            "En kort statussamtale – et kvarter kan være nok – om aftalerne i udviklingsplanen.",
            [
                Section("status", "Status på aftalerne", null,
                    Employee("status-progress", "Hvor langt er du med de aftalte handlinger?"),
                    Employee("status-help", "Hvad har hjulpet, og hvad har stået i vejen?"),
                    Together("status-notes", "Fælles noter om status")),
                Section("adjust", "Justeringer", null,
                    Together("adjust-changes", "Skal noget i planen ændres, tilføjes eller droppes?"),
                    Together("adjust-next", "Hvornår følger I op næste gang?")),
            ])),
        new("leader-talent", "Ledertalentsamtale", new TemplateDocument(
            "En samtale med en medarbejder, der måske skal være leder: lysten, det, der allerede peger den vej, og hvordan ledelse kan prøves af i praksis.",
            [
                Section("drive", "Lysten til at lede", null,
                    Employee("drive-why", "Hvad tiltrækker dig ved at lede andre, og hvad er du i tvivl om?"),
                    Employee("drive-picture", "Hvordan ser du dig selv som leder om nogle år?"),
                    Together("drive-notes", "Fælles noter om lysten til at lede")),
                Section("signs", "Det, der allerede peger den vej", null,
                    Employee("signs-done", "Hvornår har du taget ansvar for andre eller for en opgave, der gik på tværs?"),
                    Leader("signs-leader", "Hvad har du set medarbejderen gøre, der viser lederevner?"),
                    Together("signs-notes", "Fælles noter om erfaringer")),
                Section("try", "Ledelse i praksis", "Et ansvar, der kan prøves af, før noget er besluttet.",
                    Leader("try-options", "Hvilke opgaver med ledelse i kan arbejdspladsen give: projektledelse, at lede et møde, at være konstitueret?"),
                    Employee("try-support", "Hvilken sparring vil du have, mens du prøver det?"),
                    Together("try-notes", "Fælles noter om, hvad der skal prøves")),
                Evaluation(),
            ])),
    ];
}
