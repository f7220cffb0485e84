import { renderMail, type RenderedMail } from "./layout";

export type GrantedRole = "facilitator" | "council" | "admin";

// What the role lets the person do, and where they start.
const ROLE_TEXT: Record<GrantedRole, { name: string; what: string; path: string; label: string }> = {
  facilitator: {
    name: "Moderation",
    what: "Sie können jetzt Termine moderieren: Unter „Moderation“ sehen Sie die Termine, die Ihnen zugewiesen sind, mit der Liste der Teilnehmenden, und erfassen die Anwesenheit.",
    path: "/moderation",
    label: "Zur Moderation",
  },
  council: {
    name: "Personalrat",
    what: "Sie sind als Mitglied des Personalrats eingetragen und können die für den Personalrat vorgesehenen Aufgaben in der Anwendung übernehmen.",
    path: "/sessions",
    label: "Zu den KI-Infoveranstaltungen",
  },
  admin: {
    name: "Organisation",
    what: "Sie können jetzt Veranstaltungsreihen und Termine planen, Personen und Rollen verwalten und den E-Mail-Versand einsehen.",
    path: "/admin",
    label: "Zur Verwaltung",
  },
};

export function renderRoleGrantedMail(input: { role: GrantedRole; appUrl: string }): RenderedMail {
  const role = ROLE_TEXT[input.role];
  return renderMail({
    subject: `Ihnen wurde die Rolle „${role.name}“ zugewiesen`,
    paragraphs: [
      `in der Anwendung KI-Infoveranstaltungen zur Dienstvereinbarung KI wurde Ihnen die Rolle „${role.name}“ zugewiesen.`,
      role.what,
      "Sie loggen sich wie gewohnt mit Ihrer dienstlichen E-Mail-Adresse ein; ein Passwort gibt es nicht.",
    ],
    action: { label: role.label, url: `${input.appUrl}${role.path}` },
    reason: "Sie erhalten diese E-Mail einmalig, weil die Organisation Ihnen diese Rolle zugewiesen hat.",
  });
}
