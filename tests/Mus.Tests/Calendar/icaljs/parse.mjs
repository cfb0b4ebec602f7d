// Reads one iCalendar document on stdin and prints what an independent reader makes of it, as JSON:
// the METHOD, and per event its UID, SEQUENCE, STATUS, summary, location and times in UTC (the
// document's own VTIMEZONE is registered first, so local times are converted by its rules).
import ICAL from "ical.js";

let input = "";
for await (const chunk of process.stdin) {
  input += chunk;
}

const calendar = new ICAL.Component(ICAL.parse(input));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}

const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: component.getFirstPropertyValue("status"),
    summary: event.summary,
    location: event.location,
    allDay: event.startDate.isDate,
    start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
    end: event.endDate ? (event.endDate.isDate ? event.endDate.toString() : event.endDate.toJSDate().toISOString()) : null,
    zone: event.startDate.zone ? event.startDate.zone.tzid : null,
  };
});

process.stdout.write(JSON.stringify({ method: calendar.getFirstPropertyValue("method"), events }));
