import type { AppLoadContext } from "@remix-run/node";

export type CurrentUser = {
  id: number;
  email: string | null;
  displayName: string;
  department: string | null;
  roles: string[];
};

// Replaced by the login-session lookup of the sign-in issue.
export async function getCurrentUser(
  _context: AppLoadContext,
  _request: Request,
): Promise<CurrentUser | null> {
  return null;
}
