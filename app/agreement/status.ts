import type { AgreementVersionStatus } from "~db/schema";

export const VERSION_STATUS_LABELS: Record<AgreementVersionStatus, string> = {
  draft: "Entwurf",
  scheduled: "Geplant",
  in_force: "In Kraft",
  superseded: "Abgelöst",
};

/**
 * The state at `now`: a scheduled version whose date has passed is in force (or, if a later
 * one took over too, superseded) even before the job has recorded it (decision 010).
 */
export function effectiveStatus(
  version: { id: number; status: AgreementVersionStatus; inForceFrom: Date | null },
  inForceId: number | null,
  now: Date,
): AgreementVersionStatus {
  if (version.id === inForceId) return "in_force";
  const due = version.inForceFrom !== null && version.inForceFrom.getTime() <= now.getTime();
  if ((version.status === "in_force" || version.status === "scheduled") && due) return "superseded";
  return version.status;
}
