const MESSAGES: Record<number, { title: string; text: string }> = {
  400: {
    title: "Ungültige Anfrage",
    text: "Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie die Adresse oder Ihre Eingaben.",
  },
  403: {
    title: "Kein Zugriff",
    text: "Sie haben keine Berechtigung für diese Seite. Wenn Sie glauben, dass das ein Fehler ist, wenden Sie sich bitte an die Organisation.",
  },
  404: {
    title: "Seite nicht gefunden",
    text: "Diese Seite gibt es nicht (mehr). Vielleicht hat sich die Adresse geändert oder der Termin wurde entfernt.",
  },
  405: {
    title: "Aktion nicht möglich",
    text: "Diese Aktion ist auf dieser Seite nicht vorgesehen.",
  },
};

const FALLBACK = {
  title: "Ein Fehler ist aufgetreten",
  text: "Das hat leider nicht geklappt. Bitte versuchen Sie es in einigen Minuten noch einmal. Ihre bisherigen Eingaben wurden nicht verändert.",
};

export function ErrorPage({ status, detail }: { status: number; detail?: string }) {
  const message = MESSAGES[status] ?? FALLBACK;
  return (
    <div className="error-page">
      <h1>{message.title}</h1>
      <p>{detail ?? message.text}</p>
      <p className="muted">Fehlercode {status}</p>
      <p>
        <a href="/sessions">Zu den Veranstaltungen</a>
      </p>
    </div>
  );
}
