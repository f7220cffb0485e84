import type { Flash } from "~/lib/flash.server";

// Announced politely by screen readers; errors assertively.
export function FlashMessage({ flash }: { flash: Flash }) {
  const className = flash.kind === "error" ? "notice notice--error" : flash.kind === "success" ? "notice notice--success" : "notice";
  return (
    <div className={className} role={flash.kind === "error" ? "alert" : "status"}>
      {flash.text}
    </div>
  );
}
