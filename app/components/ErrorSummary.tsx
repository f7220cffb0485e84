import { useEffect, useRef } from "react";
import { plural } from "~/lib/plural";

/**
 * The problems of a refused long form, at its top, each a link to its field (the GOV.UK
 * pattern). Rendered by the server, so it is there without JavaScript; with JavaScript it
 * takes the focus after the failed submit, so a keyboard or screen reader user starts there.
 */
export function ErrorSummary({
  errors,
  labels,
  targets = {},
}: {
  errors: Partial<Record<string, string>>;
  /** Field name → its label, in the order of the form. */
  labels: Record<string, string>;
  /** Field name → the id to link to, where it is not `field-<name>`. */
  targets?: Partial<Record<string, string>>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Only this form's fields: the page may hold other forms' errors (a cancellation reason).
  const entries = Object.keys(labels).filter((name) => errors[name]);
  const count = entries.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each refusal brings a new errors object and moves the focus again
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [errors, count]);
  if (entries.length === 0) return null;
  return (
    <div className="notice notice--error error-summary" ref={ref} tabIndex={-1} data-error-summary>
      <h2 id="error-summary-title">Bitte prüfen Sie {plural(entries.length, "Angabe", "Angaben")}</h2>
      <ul>
        {entries.map((name) => (
          <li key={name}>
            <a href={`#${targets[name] ?? `field-${name}`}`}>
              {labels[name]}: {errors[name]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
