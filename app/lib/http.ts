import { data } from "@remix-run/node";

// Expected refusals are thrown as responses and rendered by the German error boundary.
export function notFound(message?: string): never {
  throw data(message ?? null, { status: 404 });
}

export function forbidden(message?: string): never {
  throw data(message ?? null, { status: 403 });
}

export function badRequest(message?: string): never {
  throw data(message ?? null, { status: 400 });
}

/** The request's form; a body that cannot be parsed (broken multipart) is a 400, never a 500. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    badRequest("Das Formular konnte nicht gelesen werden. Bitte laden Sie die Seite neu und senden Sie es noch einmal.");
  }
}

/** Parses a route id like "12"; anything else is a 404, never a 500. */
export function parseId(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,15}$/.test(value)) notFound();
  const id = Number(value);
  if (!Number.isSafeInteger(id)) notFound();
  return id;
}

/** For resource routes (files, feeds): a plain 404 that says nothing more. */
export function notFoundFile(): never {
  throw new Response("Nicht gefunden\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
