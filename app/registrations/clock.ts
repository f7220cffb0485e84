// What a use case needs besides the database: the time, and what goes into mails. Passed in
// explicitly so tests and the property test can step the clock past starts and ends.
export type Clock = { now: Date; appUrl: string; mailFrom: string; alarmMinutes: number };

export function clockFor(env: { appUrl: string; mailFrom: string; alarmMinutes: number }, now = new Date()): Clock {
  return { now, appUrl: env.appUrl, mailFrom: env.mailFrom, alarmMinutes: env.alarmMinutes };
}
