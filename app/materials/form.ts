// The material form's fields as the browser sends them (multipart), read into plain values.
// Pure: the route reads the file itself through the upload module.
import type { MaterialFields } from "./rules";

const idOrNull = (value: FormDataEntryValue | null): number | null => {
  const text = typeof value === "string" ? value.trim() : "";
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : null;
};
const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

export function materialFieldsFrom(form: FormData): MaterialFields {
  return {
    title: text(form.get("title")),
    description: text(form.get("description")),
    kind: text(form.get("kind")),
    link: text(form.get("link")),
    anchors: form
      .getAll("anchors")
      .filter((value): value is string => typeof value === "string")
      .slice(0, 100),
    seriesId: idOrNull(form.get("seriesId")),
    sessionId: idOrNull(form.get("sessionId")),
    visibility: text(form.get("visibility")) || "staff",
    afterRetention: text(form.get("afterRetention")) || "open_to_staff",
    notifyParticipants: form.get("notifyParticipants") === "1",
  };
}

export const EMPTY_MATERIAL: MaterialFields = {
  title: "",
  description: "",
  kind: "",
  link: "",
  anchors: [],
  seriesId: null,
  sessionId: null,
  visibility: "staff",
  afterRetention: "open_to_staff",
  notifyParticipants: false,
};
