import { afterAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/server";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, registrationCounts, type SignedInPerson } from "../support/seeding";

// The morning the dates are announced: hundreds of people click "Jetzt anmelden" at once.
async function rush(targets: AppServer[], people: SignedInPerson[], sessionId: number) {
  return Promise.all(
    people.map(async (person, i) => {
      const server = targets[i % targets.length]!;
      const response = await fetch(`${server.baseUrl}/sessions/${sessionId}`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.baseUrl, Cookie: person.cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=register",
      });
      return { server: server.baseUrl, status: response.status, location: response.headers.get("location") };
    }),
  );
}

function expectFairOutcome(databasePath: string, sessionId: number) {
  const counts = registrationCounts(databasePath, sessionId);
  expect(counts.confirmed).toBe(50);
  expect(counts.waitlisted).toBe(150);
  expect(counts.duplicates).toBe(0);
  // First come, first served: the first 50 committed got the seats, the rest queue in
  // commit order, so waitlist positions 1–150 are gap-free by construction.
  expect(counts.inOrder).toEqual([...Array(50).fill("confirmed"), ...Array(150).fill("waitlisted")]);
}

describe("registration rush over HTTP", () => {
  const servers: AppServer[] = [];
  afterAll(async () => {
    for (const server of servers.reverse()) expect(await server.stop()).toBe(0);
  });

  it("never overbooks: 200 concurrent registrations for 50 seats give 50 confirmed and 150 waitlisted", async () => {
    const server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    servers.push(server);
    const people = await createSignedInPeople(server.databasePath, 200, "rush");
    const sessionId = createPublishedSession(server.databasePath, { capacity: 50, title: "Ansturm" });
    const results = await rush([server], people, sessionId);
    expect(results.every((r) => r.status === 303 && r.location === `/sessions/${sessionId}`)).toBe(true);
    expectFairOutcome(server.databasePath, sessionId);

    // The same 200 again (double submits): nothing changes.
    await rush([server], people, sessionId);
    expect(registrationCounts(server.databasePath, sessionId).total).toBe(200);
  });

  it("holds with two server processes on the same database file", async () => {
    const first = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    servers.push(first);
    const second = await startAppServer({
      SESSION_SECRET: TEST_SECRET,
      JOBS: "off",
      LOG_REQUESTS: "off",
      DATABASE_PATH: first.databasePath,
      SEED: "off",
    });
    servers.push(second);
    const people = await createSignedInPeople(first.databasePath, 200, "zwei");
    const sessionId = createPublishedSession(first.databasePath, { capacity: 50, title: "Ansturm zwei" });
    const results = await rush([first, second], people, sessionId);
    expect(results.every((r) => r.status === 303)).toBe(true);
    // Both processes served requests.
    expect(results.filter((r) => r.server === first.baseUrl).length).toBe(100);
    expect(results.filter((r) => r.server === second.baseUrl).length).toBe(100);
    expectFairOutcome(first.databasePath, sessionId);
  });
});
