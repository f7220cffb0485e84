import { schema, type DbOrTx } from "~/lib/db.server";
import type { AgreementVersionStatus } from "~db/schema";
import type { AgreementDocument } from "./markdown";

const { agreementVersions, agreementSections, agreementParagraphs } = schema;

/** Writes a parsed version with its sections and paragraphs; the caller holds the transaction. */
export function insertAgreementVersion(
  tx: DbOrTx,
  document: AgreementDocument,
  values: { title: string; status: AgreementVersionStatus; inForceFrom: Date | null; now: Date },
): number {
  const version = tx
    .insert(agreementVersions)
    .values({
      title: values.title,
      intro: document.intro,
      status: values.status,
      inForceFrom: values.inForceFrom,
      updatedAt: values.now,
      createdAt: values.now,
    })
    .returning({ id: agreementVersions.id })
    .get();
  document.sections.forEach((section, position) => {
    const row = tx
      .insert(agreementSections)
      .values({
        versionId: version.id,
        position,
        number: section.number,
        title: section.title,
        anchor: section.anchor,
        body: section.body,
        updatedAt: values.now,
        createdAt: values.now,
      })
      .returning({ id: agreementSections.id })
      .get();
    insertParagraphs(tx, row.id, section.paragraphs);
  });
  return version.id;
}

export function insertParagraphs(tx: DbOrTx, sectionId: number, paragraphs: AgreementDocument["sections"][number]["paragraphs"]) {
  paragraphs.forEach((paragraph, position) => {
    tx.insert(agreementParagraphs)
      .values({ sectionId, position, number: paragraph.number, anchor: paragraph.anchor, body: paragraph.body })
      .run();
  });
}
