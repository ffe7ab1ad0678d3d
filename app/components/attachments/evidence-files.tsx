import { Card, Stack, Text, Title } from "@mantine/core";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { labelKey } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";
import { AttachmentsBlock, type AttachmentListItem } from "./attachment-list";

type Listing = { items: readonly AttachmentListItem[]; canUpload: boolean };

/**
 * The assessment form's evidence files, factor by factor. A section of its
 * own after the form: an upload is a form, and forms cannot nest.
 */
export function EvidenceFiles({
  assessmentId,
  files,
  redirectTo,
}: {
  assessmentId: number | null;
  files: Partial<Record<FactorKey, Listing>> | null;
  redirectTo: string;
}) {
  const { t } = useI18n();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="evidence-files-heading" data-testid="evidence-files">
      <Stack gap="sm">
        <Title order={2} size="h4" id="evidence-files-heading">
          {t("attachments.evidenceTitle")}
        </Title>
        {assessmentId === null || files === null ? (
          <Text size="sm">{t("attachments.evidenceSaveFirst")}</Text>
        ) : (
          <>
            <Text size="sm">{t("attachments.evidenceIntro")}</Text>
            {FACTORS.map((f) => {
              const name = t(labelKey("factor", f));
              return (
                <Stack key={f} gap={4}>
                  <Title order={3} size="h5">
                    {name}
                  </Title>
                  <AttachmentsBlock
                    listing={files[f] ?? { items: [], canUpload: false }}
                    parent={{ type: "assessment_evidence", id: assessmentId, factor: f }}
                    redirectTo={redirectTo}
                    title={t("attachments.factorFiles", { factor: name })}
                  />
                </Stack>
              );
            })}
          </>
        )}
      </Stack>
    </Card>
  );
}
