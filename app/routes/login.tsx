import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, SubmitButton, TextField } from "~/components/forms";
import { getCurrentUser } from "~/auth/current-user.server";
import { browserBindingCookie, readBrowserSecret } from "~/auth/browser-binding.server";
import { safeRedirectPath } from "~/auth/redirect";
import { signInRequestSchema } from "~/auth/sign-in.schema";
import { requestSignIn } from "~/auth/sign-in.server";
import { formatTime } from "~/lib/dates";
import { fieldErrors, formValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Einloggen – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  if (await getCurrentUser(context, request)) throw redirect(safeRedirectPath(redirectTo));
  return { redirectTo: redirectTo ? safeRedirectPath(redirectTo) : "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = formValues(form, ["email"]);
  const parsed = signInRequestSchema.safeParse({ email: form.get("email"), redirectTo: form.get("redirectTo") ?? undefined });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), formError: null, values }, { status: 400 });

  const redirectTo = parsed.data.redirectTo ? safeRedirectPath(parsed.data.redirectTo) : null;
  const browserSecret = await readBrowserSecret(context, request);
  const result = requestSignIn(context.db, context.env, {
    email: parsed.data.email,
    redirectTo,
    clientIp: context.clientIp,
    browserSecret,
  });
  if (!result.ok && result.reason === "domain_not_allowed") {
    return data(
      {
        errors: { email: "Mit dieser Adresse ist kein Login möglich. Bitte verwenden Sie Ihre dienstliche E-Mail-Adresse." },
        formError: null,
        values,
      },
      { status: 400 },
    );
  }
  if (!result.ok) {
    return data(
      {
        errors: {},
        formError: `Es wurden zu viele Login-Links angefordert. Bitte versuchen Sie es ab ${formatTime(result.retryAt)}\u00a0Uhr noch einmal.`,
        values,
      },
      { status: 429 },
    );
  }
  context.sendMailSoon();
  // The same answer whether or not an account exists for the address.
  throw redirect("/login/verify", {
    status: 303,
    headers: { "Set-Cookie": await browserBindingCookie(context.env).serialize(browserSecret) },
  });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>Einloggen</h1>
      <p>
        Geben Sie Ihre dienstliche E-Mail-Adresse ein. Wir schicken Ihnen einen Link und einen Code zum Einloggen – ein Passwort brauchen
        Sie nicht.
      </p>
      <FormError message={result?.formError} />
      <Form method="post" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          name="email"
          type="email"
          label="Dienstliche E-Mail-Adresse"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          error={result?.errors && "email" in result.errors ? result.errors.email : undefined}
        />
        <SubmitButton pendingText="Wird gesendet …">Login-Link anfordern</SubmitButton>
      </Form>
    </div>
  );
}
