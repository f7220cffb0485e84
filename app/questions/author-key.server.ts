// The keyed values behind anonymous questions (decision 011). Only the server, holding
// QUESTION_KEY, can compute them for the signed-in person; the database alone links no
// anonymous question to anyone. Per question (a random salt each), so whoever reads the
// database cannot even group one person's anonymous questions.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type QuestionKey = string | Buffer;

function hmac(key: QuestionKey, label: string): string {
  return createHmac("sha256", key).update(label).digest("base64url");
}

/** A new anonymous question: its salt and the author value stored with it. */
export function newAuthorKey(key: QuestionKey, userId: number): { authorSalt: string; authorKey: string } {
  const authorSalt = randomBytes(16).toString("base64url");
  return { authorSalt, authorKey: hmac(key, `question-author:${userId}:${authorSalt}`) };
}

/** Whether this signed-in person wrote the question (named: by id; anonymous: by the keyed value). */
export function isAuthor(
  key: QuestionKey,
  question: { anonymous: boolean; authorId: number | null; authorKey: string | null; authorSalt: string | null },
  userId: number,
): boolean {
  if (!question.anonymous) return question.authorId === userId;
  if (!question.authorKey || !question.authorSalt) return false;
  const expected = Buffer.from(hmac(key, `question-author:${userId}:${question.authorSalt}`));
  const stored = Buffer.from(question.authorKey);
  return expected.length === stored.length && timingSafeEqual(expected, stored);
}

/** The daily quota is counted per person and day by a value that no question row carries. */
export function quotaKey(key: QuestionKey, userId: number, day: string): string {
  return hmac(key, `question-quota:${userId}:${day}`);
}
