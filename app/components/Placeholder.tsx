// An honest page for a part of the app that is not built yet.
export function Placeholder({ title, text }: { title: string; text: string }) {
  return (
    <div className="placeholder">
      <h1>{title}</h1>
      <p className="notice">In Vorbereitung: {text}</p>
      <p>
        <a href="/sessions">Zu den Veranstaltungen</a>
      </p>
    </div>
  );
}
