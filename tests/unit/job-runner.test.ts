import { describe, expect, it } from "vitest";
import { createJobRunner } from "~/jobs/runner.server";

describe("job runner", () => {
  it("waits for a run in progress when stopped, and runs no more after", async () => {
    const events: string[] = [];
    let release!: () => void;
    const runner = createJobRunner([
      {
        name: "slow",
        intervalMs: 5,
        run: () =>
          new Promise<void>((resolve) => {
            events.push("start");
            release = () => {
              events.push("end");
              resolve();
            };
          }),
      },
    ]);
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stopped = runner.stop().then(() => events.push("stopped"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(["start"]);
    release();
    await stopped;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events).toEqual(["start", "end", "stopped"]);
  });

  it("runs a triggered job once more right after a run in progress", async () => {
    let runs = 0;
    let releaseFirst!: () => void;
    const runner = createJobRunner([
      {
        name: "count",
        intervalMs: 60_000,
        run: () => {
          runs++;
          // The first run waits; later runs finish at once.
          return runs === 1 ? new Promise<void>((resolve) => (releaseFirst = resolve)) : Promise.resolve();
        },
      },
    ]);
    runner.start();
    expect(runs).toBe(1);
    // New mail arrives while the first run is still sending: the trigger must not be lost.
    const triggered = runner.trigger("count");
    expect(runs).toBe(1);
    releaseFirst();
    await triggered;
    expect(runs).toBe(2);
    await runner.stop();
  });

  it("logs a failing job and keeps going", async () => {
    const logged: string[] = [];
    const runner = createJobRunner(
      [
        {
          name: "broken",
          intervalMs: 60_000,
          run: () => {
            throw new Error("boom");
          },
        },
      ],
      (m) => logged.push(m),
    );
    runner.start();
    await runner.trigger("broken");
    await runner.stop();
    expect(logged[0]).toBe("job broken failed: boom");
  });
});
