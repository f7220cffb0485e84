import { useEffect, useState } from "react";

/**
 * "Drucken" on print views. Printing needs the browser's dialog, so the button exists only once
 * JavaScript runs; without it the hint names the keys instead of showing a button that does nothing.
 */
export function PrintButton({ label = "Drucken" }: { label?: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return <span>Drucken oder als PDF speichern: Strg+P</span>;
  return (
    <button type="button" className="button button--quiet" onClick={() => window.print()}>
      {label}
    </button>
  );
}
