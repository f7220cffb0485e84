import { notFound } from "~/lib/http";

// Any path no other route claims: a German 404 page through the root error boundary.
export function loader() {
  notFound();
}

export function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
