// A small in-process job runner. Each job runs on its own interval, never overlapping
// itself; stop() waits for runs in progress, so SIGTERM never cuts a job mid-write.
export type Job = {
  name: string;
  intervalMs: number;
  run: () => Promise<void> | void;
};

export type JobRunner = {
  start(): void;
  stop(): Promise<void>;
  /** Runs one job now (and waits), e.g. to send a sign-in mail without waiting a tick. */
  trigger(name: string): Promise<void>;
  readonly jobNames: string[];
};

export function createJobRunner(jobs: Job[], log: (message: string) => void = console.log): JobRunner {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let started = false;

  function runJob(job: Job): Promise<void> {
    const current = running.get(job.name);
    if (current) {
      // A trigger during a run asks for one more run right after it, so nothing waits a tick.
      again.add(job.name);
      return current;
    }
    const promise = (async () => {
      try {
        await job.run();
      } catch (error) {
        log(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running.delete(job.name);
      }
      if (again.delete(job.name) && started) await runJob(job);
    })();
    running.set(job.name, promise);
    return promise;
  }

  function schedule(job: Job) {
    const timer = setTimeout(async () => {
      await runJob(job);
      if (started) schedule(job);
    }, job.intervalMs);
    timer.unref();
    timers.set(job.name, timer);
  }

  return {
    jobNames: jobs.map((job) => job.name),
    start() {
      if (started) return;
      started = true;
      for (const job of jobs) {
        void runJob(job);
        schedule(job);
      }
    },
    async stop() {
      started = false;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      again.clear();
      await Promise.all([...running.values()]);
    },
    async trigger(name: string) {
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job || !started) return;
      await runJob(job);
    },
  };
}
