/**
 * Files attached to a record (a factor's evidence, an action, a decision, a
 * comment): the list with download links, and the upload form. Both work
 * without JavaScript (plain multipart posts that redirect back); with it,
 * they post through a fetcher, so the page around them keeps its state.
 */
import { Alert, Anchor, Button, Group, Input, Stack, Text } from "@mantine/core";
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import type { AttachmentParent } from "~/domain/notification-kinds";
import type { FactorKey } from "~/domain/factors";
import type { MessageKey } from "~/i18n/messages";
import type { AttachmentItem } from "~/models/attachments.server";
import { useI18n } from "~/i18n/use-i18n";

/** One file as the lists show it (the model's item, serialised into the page). */
export type AttachmentListItem = AttachmentItem;

export type AttachmentParentProps = { type: AttachmentParent; id: number; factor?: FactorKey | null };

/** What the upload and delete actions answer to a fetcher. */
export type AttachmentActionData = { ok: true; fileName?: string } | { ok: false; field: string; messageKey: string; params?: Record<string, string | number> };

/** Accepted on the picker (the server judges the content anyway). */
const ACCEPT = ".pdf,.png,.jpg,.jpeg,.xlsx,.csv,.txt,application/pdf,image/png,image/jpeg,text/csv,text/plain";

/** True once React runs in the browser: forms then ask for data instead of a redirect. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export function useFileSize() {
  const { t, number } = useI18n();
  return (bytes: number) =>
    bytes >= 1024 * 1024
      ? t("attachments.sizeMb", { size: number(bytes / (1024 * 1024), 1) })
      : t("attachments.sizeKb", { size: number(Math.max(1, Math.round(bytes / 1024)), 0) });
}

function DeleteButton({ item, redirectTo }: { item: AttachmentListItem; redirectTo: string }) {
  const fetcher = useFetcher<AttachmentActionData>();
  const hydrated = useHydrated();
  const { t } = useI18n();
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  return (
    <fetcher.Form method="post" action={`/attachments/${item.id}`}>
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {hydrated ? <input type="hidden" name="respond" value="data" /> : null}
      <Button
        type="submit"
        size="compact-xs"
        variant="default"
        loading={fetcher.state !== "idle"}
        aria-label={t("attachments.deleteOf", { name: item.fileName })}
      >
        {t("attachments.delete")}
      </Button>
      {error ? (
        <Text size="sm" c="red.8" role="alert">
          {t(error.messageKey as MessageKey, error.params)}
        </Text>
      ) : null}
    </fetcher.Form>
  );
}

/** The files of one record, newest last, each a download link; the uploader may delete theirs while the rules allow. */
export function AttachmentList({
  items,
  redirectTo,
  emptyText,
  label,
}: {
  items: readonly AttachmentListItem[];
  /** Where a delete without JavaScript returns to. */
  redirectTo: string;
  emptyText?: string;
  /** The list's accessible name, e.g. "Files: Trust". */
  label?: string;
}) {
  const { t, date } = useI18n();
  const size = useFileSize();
  if (items.length === 0) {
    return emptyText ? (
      <Text size="sm" data-testid="attachments-empty">
        {emptyText}
      </Text>
    ) : null;
  }
  return (
    <ul aria-label={label ?? t("attachments.title")} style={{ margin: 0, paddingLeft: "1.25rem" }} data-testid="attachment-list">
      {items.map((item) => (
        <li key={item.id}>
          <Group gap="xs" wrap="wrap" align="center">
            <Anchor href={`/attachments/${item.id}/download`} size="sm" data-testid="attachment-download">
              {item.fileName}
            </Anchor>
            <Text size="sm" component="span">
              {t("attachments.itemFacts", { size: size(item.sizeBytes), date: date(item.createdAt), who: item.uploadedBy ?? t("attachments.someone") })}
            </Text>
            <Anchor component={Link} to={`/attachments/${item.id}`} size="sm" aria-label={t("attachments.detailsOf", { name: item.fileName })}>
              {t("attachments.details")}
            </Anchor>
            {item.canDelete ? <DeleteButton item={item} redirectTo={redirectTo} /> : null}
          </Group>
        </li>
      ))}
    </ul>
  );
}

/** The form that adds a file to one record (multipart: works without JavaScript). */
export function AttachmentUploadForm({ parent, redirectTo, label }: { parent: AttachmentParentProps; redirectTo: string; label?: string }) {
  const fetcher = useFetcher<AttachmentActionData>();
  const hydrated = useHydrated();
  const { t } = useI18n();
  const inputId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const uploaded = fetcher.state === "idle" && fetcher.data?.ok ? fetcher.data.fileName : undefined;
  useEffect(() => {
    if (uploaded) formRef.current?.reset();
  }, [uploaded]);
  return (
    <fetcher.Form method="post" action="/attachments/upload" encType="multipart/form-data" ref={formRef} data-testid="attachment-upload">
      <input type="hidden" name="parentType" value={parent.type} />
      <input type="hidden" name="parentId" value={parent.id} />
      {parent.factor ? <input type="hidden" name="factor" value={parent.factor} /> : null}
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {hydrated ? <input type="hidden" name="respond" value="data" /> : null}
      <Stack gap={4}>
        <Input.Wrapper
          label={label ?? t("attachments.fileLabel")}
          description={t("attachments.fileHint")}
          error={error ? t(error.messageKey as MessageKey, error.params) : undefined}
          id={inputId}
          errorProps={{ id: `${inputId}-error`, role: "alert" }}
          descriptionProps={{ id: `${inputId}-hint` }}
        >
          <Group gap="xs" align="center" mt={4}>
            <input
              type="file"
              name="file"
              id={inputId}
              accept={ACCEPT}
              required
              aria-describedby={error ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`}
              aria-invalid={error ? true : undefined}
            />
            <Button type="submit" size="xs" variant="default" loading={fetcher.state !== "idle"}>
              {t("attachments.upload")}
            </Button>
          </Group>
        </Input.Wrapper>
        {uploaded ? (
          <Text size="sm" role="status">
            {t("attachments.uploaded", { name: uploaded })}
          </Text>
        ) : null}
      </Stack>
    </fetcher.Form>
  );
}

/** A record's files and, when the user may add some, the upload form: the block the pages embed. */
export function AttachmentsBlock({
  listing,
  parent,
  redirectTo,
  title,
}: {
  listing: { items: readonly AttachmentListItem[]; canUpload: boolean };
  parent: AttachmentParentProps;
  redirectTo: string;
  /** The block's label (e.g. "Files: Trust"). */
  title?: string;
}) {
  const { t } = useI18n();
  return (
    <Stack gap={6} data-testid={`attachments-${parent.type}-${parent.id}${parent.factor ? `-${parent.factor}` : ""}`}>
      <AttachmentList items={listing.items} redirectTo={redirectTo} label={title} />
      {listing.canUpload ? (
        <AttachmentUploadForm parent={parent} redirectTo={redirectTo} label={title ? `${title}: ${t("attachments.fileLabel")}` : undefined} />
      ) : null}
    </Stack>
  );
}

/** A refusal as a standalone message (the upload page without JavaScript). */
export function AttachmentRefusalAlert({ messageKey, params }: { messageKey: string; params?: Record<string, string | number> }) {
  const { t } = useI18n();
  return (
    <Alert color="red" role="alert">
      {t(messageKey as MessageKey, params)}
    </Alert>
  );
}
