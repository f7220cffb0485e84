// The one way to the key behind anonymous questions' keyed values (decision 011): the
// staff side (submitting, /me) and the review side (merging votes) read it through here,
// so where it comes from can change in one place.
import type { Env } from "~/lib/env.server";
import type { QuestionKey } from "./author-key.server";

export function questionKeyFrom(env: Pick<Env, "questionKey">): QuestionKey {
  return env.questionKey;
}
