import { toBerlinInputValue } from "~/lib/dates";

// What the planning forms show for stored values (and what a refused submit gives back).
export type FormValues = Record<string, string | string[]>;

export function seriesFormValues(series: {
  title: string;
  description: string;
  audience: string;
  defaultDurationMinutes: number;
  defaultCapacity: number;
  waitlistMode: string;
  offerHours: number;
  oneSeatPerPerson: boolean;
  contactName: string | null;
  contactEmail: string | null;
}): FormValues {
  return {
    title: series.title,
    description: series.description,
    audience: series.audience,
    defaultDurationMinutes: String(series.defaultDurationMinutes),
    defaultCapacity: String(series.defaultCapacity),
    waitlistMode: series.waitlistMode,
    offerHours: String(series.offerHours),
    oneSeatPerPerson: series.oneSeatPerPerson ? "on" : "",
    contactName: series.contactName ?? "",
    contactEmail: series.contactEmail ?? "",
  };
}

export function sessionFormValues(session: {
  startsAt: Date;
  endsAt: Date;
  format: string;
  place: string;
  room: string;
  accessibilityNotes: string;
  directionsUrl: string | null;
  onlineTool: string | null;
  testRoomUrl: string | null;
  onlineUrl: string | null;
  capacity: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  noteForParticipants: string;
  facilitatorIds: number[];
}): FormValues {
  return {
    startsAt: toBerlinInputValue(session.startsAt),
    endsAt: toBerlinInputValue(session.endsAt),
    format: session.format,
    place: session.place,
    room: session.room,
    accessibilityNotes: session.accessibilityNotes,
    directionsUrl: session.directionsUrl ?? "",
    onlineTool: session.onlineTool ?? "",
    testRoomUrl: session.testRoomUrl ?? "",
    onlineUrl: session.onlineUrl ?? "",
    capacity: String(session.capacity),
    registrationOpensAt: session.registrationOpensAt ? toBerlinInputValue(session.registrationOpensAt) : "",
    registrationClosesAt: session.registrationClosesAt ? toBerlinInputValue(session.registrationClosesAt) : "",
    noteForParticipants: session.noteForParticipants,
    facilitatorIds: session.facilitatorIds.map(String),
  };
}

export function formToValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map(String);
    values[key] = key === "facilitatorIds" ? all : (all[0] ?? "");
  }
  return values;
}
