import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Keeps a live page current (decision 016): asks `versionUrl` every few seconds with the last
 * ETag; "nothing new" is an empty 304, and only a new tag reloads the page's data. Paused
 * while the tab is hidden. Without JavaScript the page's "Aktualisieren" link does the same.
 */
export function useLiveRefresh(versionUrl: string, intervalMs: number) {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    let tag: string | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (!stopped) timer = setTimeout(poll, intervalMs * (0.8 + Math.random() * 0.4));
    };
    async function poll() {
      if (document.visibilityState === "hidden") return schedule();
      try {
        const response = await fetch(versionUrl, { headers: tag ? { "If-None-Match": tag } : {}, cache: "no-store" });
        const next = response.headers.get("ETag");
        if (response.status === 200 && next) {
          if (tag !== null && next !== tag) revalidate.current();
          tag = next;
        }
      } catch {
        // Offline for a moment: the next poll tries again.
      }
      schedule();
    }
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [versionUrl, intervalMs]);
}
