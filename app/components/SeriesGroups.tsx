import { SessionCard, type OwnCardState, type SessionCardData } from "~/components/SessionCard";

/** Sessions grouped under their series' heading, as on the staff lists. */
export function SeriesGroups({
  groups,
  own = {},
}: {
  groups: { seriesId: number; title: string; sessions: SessionCardData[] }[];
  /** The signed-in person's state per session id. */
  own?: Record<number, OwnCardState>;
}) {
  return (
    <>
      {groups.map((group) => (
        <section key={group.seriesId} aria-labelledby={`series-${group.seriesId}`}>
          <h2 id={`series-${group.seriesId}`}>{group.title}</h2>
          <ul className="session-list">
            {group.sessions.map((session) => (
              <SessionCard key={session.id} session={session} own={own[session.id]} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
