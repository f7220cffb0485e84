import type { ReactNode } from "react";
import { DateRange } from "~/components/DateRange";
import { formatDateTime } from "~/lib/dates";
import { plural } from "~/lib/plural";
import type { MyData } from "~/privacy/my-data.server";
import { auditActionLabel, MAIL_STATUS_LABELS, WORK_RECORD_LABELS } from "~/privacy/labels";
import { QUESTION_STATUS_LABELS } from "~/questions/rules";
import { registrationLabel } from "~/registrations/rules";
import type { QuestionStatus, RegistrationStatus } from "~db/schema";

const ROLE_NAMES: Record<string, string> = {
  participant: "Mitarbeitende",
  facilitator: "Moderation",
  council: "Personalrat",
  admin: "Organisation",
};

function Section({ id, title, count, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="my-data__section" data-section={id}>
      <h2 id={id}>
        {title}
        {count !== undefined ? <span className="muted"> ({count})</span> : null}
      </h2>
      {count === 0 ? <p>Keine gespeichert.</p> : children}
    </section>
  );
}

/** A wide table scrolls in its own region on a phone instead of widening the page (decision 009). */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable scroll region is the WAI pattern for a wide table (axe scrollable-region-focusable)
    // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{label}</caption>
        {children}
      </table>
    </div>
  );
}

const when = (at: Date | null) => (at ? formatDateTime(at) : "–");

/** Everything stored about one person, as /me/data (and the organiser's view) shows it; also printed. */
export function MyDataView({ data }: { data: MyData }) {
  const { profile } = data;
  return (
    <div className="my-data">
      <Section id="profil" title="Profil">
        <dl className="my-data__facts">
          <dt>Name</dt>
          <dd>{profile.displayName || "–"}</dd>
          <dt>E-Mail-Adresse</dt>
          <dd>{profile.email ?? "keine (von der Organisation angemeldet)"}</dd>
          <dt>Organisationseinheit</dt>
          <dd>{profile.department || "–"}</dd>
          <dt>Rollen</dt>
          <dd>{profile.roles.map((role) => ROLE_NAMES[role] ?? role).join(", ") || "–"}</dd>
          <dt>Konto angelegt</dt>
          <dd>{when(profile.createdAt)}</dd>
          <dt>Profil bestätigt</dt>
          <dd>{when(profile.profileCompletedAt)}</dd>
        </dl>
      </Section>

      <Section id="anmeldungen" title="Anmeldungen" count={data.registrations.length}>
        <ul className="my-data__list">
          {data.registrations.map((r) => (
            <li key={r.id} data-registration={r.id}>
              <strong>
                {r.seriesTitle}, <DateRange start={r.startsAt} end={r.endsAt} />
              </strong>
              <br />
              Stand: {registrationLabel({ status: r.status as RegistrationStatus, endReason: r.endReason })}
              {r.supportNeeds ? <> · Unterstützungsbedarf: {r.supportNeeds}</> : null}
              {r.history.length > 0 ? (
                <ol className="my-data__history" aria-label="Verlauf">
                  {r.history.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id of their own here and never reorder
                    <li key={i}>
                      {formatDateTime(h.at)}: {auditActionLabel(h.action)}
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="teilnahme" title="Teilnahme" count={data.attendance.length}>
        <ul className="my-data__list">
          {data.attendance.map((a) => (
            <li key={a.registrationId}>
              {a.seriesTitle}, <DateRange start={a.startsAt} end={a.endsAt} />
            </li>
          ))}
        </ul>
      </Section>

      <Section id="fragen" title="Fragen" count={data.questions.length}>
        <p>Auch Ihre anonymen Fragen: Nur der Server kann sie Ihnen zuordnen, wenn Sie eingeloggt sind.</p>
        <ul className="my-data__list">
          {data.questions.map((q) => (
            <li key={q.id} data-question={q.id}>
              <q>{q.text}</q>
              <br />
              {q.anonymous ? "Anonym" : "Mit Namen"} · {QUESTION_STATUS_LABELS[q.status as QuestionStatus] ?? q.status} · eingereicht{" "}
              {formatDateTime(q.createdAt)} · {plural(q.voteCount, "Stimme", "Stimmen")}
              {q.originalText ? (
                <>
                  <br />
                  Ihr ursprünglicher Wortlaut: <q>{q.originalText}</q>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="stimmen" title="Ihre Stimmen für Fragen" count={data.votes.length}>
        <ul className="my-data__list">
          {data.votes.map((v) => (
            <li key={v.questionId}>
              <q>{v.questionText}</q> ({formatDateTime(v.createdAt)})
            </li>
          ))}
        </ul>
      </Section>

      <Section id="neue-termine" title="Hinweise auf neue Termine" count={data.newSessionAlerts.length}>
        <ul className="my-data__list">
          {data.newSessionAlerts.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a series may appear twice (one alert notified, one open)
            <li key={i}>
              {a.seriesTitle}: bestellt {formatDateTime(a.createdAt)}
              {a.notifiedAt ? `, benachrichtigt ${formatDateTime(a.notifiedAt)}` : ", noch offen"}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="moderation" title="Termine, die Sie moderieren" count={data.facilitatedSessions.length}>
        <ul className="my-data__list">
          {data.facilitatedSessions.map((s) => (
            <li key={s.sessionId}>
              {s.seriesTitle}, <DateRange start={s.startsAt} end={s.endsAt} />
            </li>
          ))}
        </ul>
      </Section>

      <Section id="kalender" title="Persönlicher Kalender">
        <p>
          Der Link Ihres Kalender-Abos wird nicht gespeichert, sondern aus einer Versionsnummer berechnet (zurzeit{" "}
          {data.calendarFeed.version}). „Neuen Link erzeugen“ erhöht sie; der alte Link funktioniert dann nicht mehr.
        </p>
      </Section>

      <Section id="logins" title="Eingeloggte Browser" count={data.loginSessions.length}>
        <ul className="my-data__list">
          {data.loginSessions.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the login's id is a secret and stays on the server
            <li key={i}>
              Eingeloggt {formatDateTime(s.createdAt)}, gültig bis {formatDateTime(s.expiresAt)}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="login-anfragen" title="Login-Anfragen" count={data.signInRequests.length + data.signInAttempts.length}>
        <ul className="my-data__list">
          {data.signInRequests.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: requests are shown in the stored order
            <li key={`r${i}`}>
              Angefordert {formatDateTime(r.createdAt)}
              {r.usedAt ? `, verwendet ${formatDateTime(r.usedAt)}` : `, gültig bis ${formatDateTime(r.expiresAt)}`}
              {r.failedCodeAttempts > 0 ? `, ${plural(r.failedCodeAttempts, "falscher Code", "falsche Codes")}` : ""}
            </li>
          ))}
          {data.signInAttempts.length > 0 ? (
            <li>
              {plural(data.signInAttempts.length, "gezählte Anfrage", "gezählte Anfragen")} für die Begrenzung (eine Stunde lang
              gespeichert)
            </li>
          ) : null}
        </ul>
      </Section>

      <Section id="e-mails" title="E-Mails an Sie" count={data.mails.length}>
        <ScrollTable label="E-Mails an Sie">
          <thead>
            <tr>
              <th scope="col">Betreff</th>
              <th scope="col">Stand</th>
              <th scope="col">Erstellt</th>
              <th scope="col">Versendet</th>
            </tr>
          </thead>
          <tbody>
            {data.mails.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: mails are listed newest first and never reorder
              <tr key={i}>
                <td>{m.subject}</td>
                <td>{MAIL_STATUS_LABELS[m.status] ?? m.status}</td>
                <td>{formatDateTime(m.createdAt)}</td>
                <td>{when(m.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </Section>

      <Section id="zaehler" title="Zähler für Fragen" count={data.questionQuota.length + data.liveQuestionRate.length}>
        <p>Die Grenzen für Fragen je Tag und je Minute werden über einen Schlüsselwert gezählt, der Ihren Namen nicht enthält.</p>
        <ul className="my-data__list">
          {data.questionQuota.map((q) => (
            <li key={q.day}>
              {q.day}: {plural(q.count, "Frage", "Fragen")}
            </li>
          ))}
          {data.liveQuestionRate.map((r) => (
            <li key={`${r.sessionId}-${r.minute}`}>
              Fragen im Termin (Termin {r.sessionId}): {plural(r.count, "Frage", "Fragen")} in der laufenden Minute
            </li>
          ))}
        </ul>
      </Section>

      {data.seriesContacts.length > 0 ? (
        <Section id="ansprechperson" title="Ansprechperson für Veranstaltungsreihen" count={data.seriesContacts.length}>
          <ul className="my-data__list">
            {data.seriesContacts.map((s) => (
              <li key={s.seriesId}>{s.title}</li>
            ))}
          </ul>
        </Section>
      ) : null}

      {data.workRecords.length > 0 ? (
        <Section id="arbeit" title="Arbeitsschritte mit Ihrem Namen" count={data.workRecords.length}>
          <ul className="my-data__list">
            {data.workRecords.map((w) => (
              <li key={`${w.table}-${w.column}-${w.rowId}`}>
                {WORK_RECORD_LABELS[`${w.table}.${w.column}`] ?? `${w.table}.${w.column}`} (Nr. {w.rowId})
                {w.at ? `, ${formatDateTime(w.at)}` : ""}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section id="protokoll" title="Protokolleinträge" count={data.auditEntries.length}>
        <ScrollTable label="Protokolleinträge">
          <thead>
            <tr>
              <th scope="col">Zeitpunkt</th>
              <th scope="col">Vorgang</th>
            </tr>
          </thead>
          <tbody>
            {data.auditEntries.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: entries are listed in the stored order
              <tr key={i}>
                <td>{formatDateTime(a.at)}</td>
                <td>{auditActionLabel(a.action)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </Section>
    </div>
  );
}
