// The roles an organiser grants and revokes on /admin/people, with their German names.
// Pure: the page component imports this, so it must not reach db/ or any .server module.
// `participant` is everyone's and is never granted or revoked.
export const MANAGED_ROLES = ["facilitator", "council", "admin"] as const;
export type ManagedRole = (typeof MANAGED_ROLES)[number];

export const ROLE_LABELS: Record<ManagedRole, string> = {
  facilitator: "Moderation",
  council: "Personalrat",
  admin: "Organisation",
};

export function isManagedRole(value: unknown): value is ManagedRole {
  return typeof value === "string" && (MANAGED_ROLES as readonly string[]).includes(value);
}
