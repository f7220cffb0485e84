import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, SubmitButton, TextField } from "~/components/forms";
import { browserBindingCookie, existingBrowserSecret } from "~/auth/browser-binding.server";
import { startLoginSession } from "~/auth/login-session.server";
import { safeRedirectPath } from "~/auth/redirect";
import { signInCodeSchema } from "~/auth/sign-in.schema";
import { describeSignInLink, pendingSignInAddress, signInWithCode, signInWithLink, type SignInResult } from "~/auth/sign-in.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Login bestätigen – KI-Infoveranstaltungen" }];

const LINK_PROBLEMS = {
  invalid: "Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig kopiert haben, oder fordern Sie einen neuen an.",
  expired: "Dieser Link ist abgelaufen (er gilt 15 Minuten). Bitte fordern Sie einen neuen an.",
  used: "Dieser Link wurde bereits verwendet. Bitte fordern Sie einen neuen an, falls Sie nicht eingeloggt sind.",
  locked:
    "Der Code wurde nach zu vielen falschen Eingaben gesperrt. Der Link in der E-Mail gilt weiter: Bitte öffnen Sie ihn, oder fordern Sie einen neuen Login-Link an.",
  no_request:
    "In diesem Browser wurde kein Login angefordert, oder er ist abgelaufen. Der Code funktioniert nur in dem Browser, in dem Sie ihn angefordert haben. Sie können stattdessen den Link aus der E-Mail öffnen.",
} as const;

// GET never consumes anything: mail scanners open links before people do.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  if (token) return { token, linkState: describeSignInLink(context.db, token), email: null };
  // The code page names the address its code is for: this browser's newest request.
  return { token: null, linkState: null, email: pendingSignInAddress(context.db, await existingBrowserSecret(context, request)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  let result: SignInResult;
  if (intent === "link") {
    result = signInWithLink(context.db, context.env, { token: String(form.get("token") ?? "") });
  } else if (intent === "code") {
    const parsed = signInCodeSchema.safeParse({ code: form.get("code") });
    if (!parsed.success) {
      return data({ errors: fieldErrors(parsed.error), formError: null, code: String(form.get("code") ?? "") }, { status: 400 });
    }
    result = signInWithCode(context.db, context.env, {
      code: parsed.data.code,
      browserSecret: await existingBrowserSecret(context, request),
    });
  } else {
    return data({ errors: {}, formError: "Unbekannte Aktion.", code: "" }, { status: 400 });
  }

  if (!result.ok) {
    const formError = result.reason === "wrong_code" ? null : LINK_PROBLEMS[result.reason];
    const errors =
      result.reason === "wrong_code"
        ? {
            code: `Dieser Code stimmt nicht. Sie haben noch ${result.attemptsLeft} ${result.attemptsLeft === 1 ? "Versuch" : "Versuche"}.`,
          }
        : {};
    return data({ errors, formError, code: String(form.get("code") ?? "") }, { status: 400 });
  }

  const sessionCookie = await startLoginSession(context.db, context.env, request, result.userId);
  const clearBinding = await browserBindingCookie(context.env).serialize("", { maxAge: 0 });
  const target = safeRedirectPath(result.redirectTo);
  if (result.needsProfile) {
    return redirectWithFlash(
      context,
      `/me/profile?welcome=1&redirectTo=${encodeURIComponent(target)}`,
      { kind: "success", text: "Sie sind eingeloggt. Bitte ergänzen Sie einmalig Ihren Namen." },
      sessionCookie,
      clearBinding,
    );
  }
  return redirectWithFlash(context, target, { kind: "success", text: "Sie sind eingeloggt." }, sessionCookie, clearBinding);
}

export default function VerifyLogin() {
  const { token, linkState, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const codeError = result?.errors && "code" in result.errors ? result.errors.code : undefined;

  if (token && linkState === "valid" && !result?.formError) {
    return (
      <div className="narrow">
        <h1>Login bestätigen</h1>
        <p>Klicken Sie auf die Schaltfläche, um sich einzuloggen.</p>
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <SubmitButton name="intent" value="link" pendingText="Sie werden eingeloggt …">
            Jetzt einloggen
          </SubmitButton>
        </Form>
      </div>
    );
  }

  const linkProblem = token && linkState && linkState !== "valid" ? LINK_PROBLEMS[linkState] : null;
  return (
    <div className="narrow">
      <h1>Login bestätigen</h1>
      {linkProblem ? (
        <div className="notice notice--error" role="alert">
          {linkProblem} <Link to="/login">Neuen Login-Link anfordern</Link>
        </div>
      ) : (
        <p>
          {email ? (
            <>
              Wir haben eine E-Mail an <strong>{email}</strong> geschickt.
            </>
          ) : (
            "Wir haben Ihnen eine E-Mail geschickt."
          )}{" "}
          Öffnen Sie den Link darin, oder geben Sie hier den 6-stelligen Code aus der E-Mail ein. Die E-Mail kann einige Minuten brauchen;
          bitte sehen Sie auch im Spam-Ordner nach.
        </p>
      )}
      <FormError message={result?.formError} />
      <Form method="post" action="/login/verify" noValidate>
        <TextField
          name="code"
          label="Code aus der E-Mail"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          hint="6 Ziffern, nur in diesem Browser gültig"
          defaultValue={result?.code}
          error={codeError}
        />
        <SubmitButton name="intent" value="code" pendingText="Wird geprüft …">
          Einloggen
        </SubmitButton>
      </Form>
      <p>
        <Link to="/login">Neuen Login-Link anfordern</Link>
      </p>
    </div>
  );
}
