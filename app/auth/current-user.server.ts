import { redirect, type AppLoadContext } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { forbidden } from "~/lib/http";
import { schema } from "~/lib/db.server";
import type { Role } from "~db/schema";
import { readLoginSession, renewLoginSession } from "./login-session.server";

export type CurrentUser = {
  id: number;
  email: string | null;
  displayName: string;
  department: string | null;
  roles: Role[];
  profileComplete: boolean;
};

type Ctx = Pick<AppLoadContext, "db" | "env">;

async function lookUp(context: Ctx, request: Request) {
  const session = await readLoginSession(context.db, context.env, request);
  if (!session) return { session, user: null };
  const userId = session.userId;
  // One query for the person and their roles: it runs on every request of a signed-in person.
  const row = context.db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      displayName: schema.users.displayName,
      department: schema.users.department,
      profileCompletedAt: schema.users.profileCompletedAt,
      roles: sql<
        string | null
      >`(select group_concat(${schema.userRoles.role}) from ${schema.userRoles} where ${schema.userRoles.userId} = ${schema.users.id})`,
    })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .get();
  if (!row) return { session, user: null };
  const user: CurrentUser = {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    department: row.department,
    roles: effectiveRoles(context.env, row.email, row.roles),
    profileComplete: row.profileCompletedAt !== null,
  };
  return { session, user };
}

/**
 * With ADMIN_EMAILS set, it is the whole list of admins, also for browsers that signed in
 * before an address was taken off it (login sessions last up to LOGIN_MAX_DAYS).
 */
function effectiveRoles(env: Ctx["env"], email: string | null, stored: string | null): Role[] {
  const roles = (stored ? stored.split(",").sort() : []) as Role[];
  if (env.adminEmails.length === 0) return roles;
  return roles.filter((role) => role !== "admin" || (email !== null && env.adminEmails.includes(email)));
}

export async function getCurrentUser(context: Ctx, request: Request): Promise<CurrentUser | null> {
  return (await lookUp(context, request)).user;
}

/** For the root loader: the user plus a Set-Cookie that slides the login session, if due. */
export async function getCurrentUserAndRenewal(
  context: Ctx,
  request: Request,
): Promise<{ user: CurrentUser | null; setCookie: string | null }> {
  const { session, user } = await lookUp(context, request);
  return { user, setCookie: user && session ? await renewLoginSession(context.db, context.env, session) : null };
}

/** Signed-out people go to sign in and come back to the page they wanted. */
export async function requireUser(context: Ctx, request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(context, request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export async function requireRole(context: Ctx, request: Request, ...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser(context, request);
  if (!roles.some((role) => user.roles.includes(role))) forbidden();
  return user;
}
