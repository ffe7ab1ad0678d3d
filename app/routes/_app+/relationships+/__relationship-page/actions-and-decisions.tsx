import { ACTION_STATUSES, ACTION_PHASES } from "~/domain/factors";
import { Button, Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";
import { AttachmentList, AttachmentsBlock, type AttachmentListItem } from "~/components/attachments/attachment-list";

/** The files of each action or decision (by id), when the page loaded them. */
type FilesById = Record<number, { items: AttachmentListItem[]; canUpload: boolean }>;

const STATUS_COLOR: Record<string, string> = { planned: "gray", in_progress: "blue", done: "teal", cancelled: "dark" };

export function DevelopmentActions({
  data,
}: {
  data: Pick<RelationshipPage, "header"> & { actions: Array<Omit<RelationshipPage["actions"][number], "completedAt">>; actionFiles?: FilesById };
}) {
  const { t, date } = useI18n();
  const { actions, header } = data;
  return (
    <section className="rel-section" aria-labelledby="actions-heading">
      <div className="rel-head">
        <Title order={2} size="h3" id="actions-heading">
          {t("rel.actions.title")}
        </Title>
        {header.canWrite ? (
          <Button component={Link} to={`/relationships/${header.id}/actions/new`} variant="light">
            {t("rel.actions.add")}
          </Button>
        ) : null}
      </div>
      {actions.length === 0 ? (
        <p className="rel-p rel-sm">{t("rel.actions.empty")}</p>
      ) : (
        <ul className="rel-actions" data-testid="actions">
          {actions.map((a) => (
            <li key={a.id} className="rel-action" data-testid="action" data-overdue={a.overdue ? "true" : undefined}>
              <div>
                <p className="rel-p rel-b">{a.title}</p>
                {a.description ? <p className="rel-p rel-sm">{a.description}</p> : null}
                <div className="rel-tags">
                  <span className={`rel-pill light ${STATUS_COLOR[a.status]}`}>{knownLabel(t, "actionStatus", ACTION_STATUSES, a.status)}</span>
                  <span className="rel-pill outline gray">{knownLabel(t, "phase", ACTION_PHASES, a.phase)}</span>
                  {a.factor ? <span className="rel-pill outline indigo">{t(labelKey("factor", a.factor))}</span> : null}
                  {a.overdue ? (
                    <span className="status-tag overdue" data-testid="overdue">
                      {t("action.overdue")}
                    </span>
                  ) : null}
                </div>
                <p className="rel-p rel-xs rel-dim">
                  {t("rel.actions.owner")}: {a.ownerName ?? "–"} ({a.ownerOrganisation}) · {t("rel.actions.due")}: {date(a.dueDate)}
                </p>
                {a.outcomeNote ? (
                  <p className="rel-p rel-sm">
                    <span className="rel-b">{t("rel.actions.outcome")}:</span> {a.outcomeNote}
                  </p>
                ) : null}
                <AttachmentList
                  items={data.actionFiles?.[a.id]?.items ?? []}
                  redirectTo={`/relationships/${header.id}`}
                  label={t("attachments.filesOf", { title: a.title })}
                />
              </div>
              {header.canWrite ? (
                <Link
                  className="rel-link rel-sm mantine-focus-auto"
                  to={`/relationships/${header.id}/actions/${a.id}`}
                  aria-label={t("rel.actions.editOf", { title: a.title })}
                >
                  {t("rel.actions.edit")}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DecisionLog({ data }: { data: Pick<RelationshipPage, "decisions" | "header"> & { decisionFiles?: FilesById } }) {
  const { t, date } = useI18n();
  const { decisions, header } = data;
  return (
    <section className="rel-section" aria-labelledby="decisions-heading">
      <div className="rel-head">
        <Title order={2} size="h3" id="decisions-heading">
          {t("rel.decisions.title")}
        </Title>
        {header.canWrite ? (
          <Button component={Link} to={`/relationships/${header.id}/decisions/new`} variant="light">
            {t("rel.decisions.add")}
          </Button>
        ) : null}
      </div>
      <p className="rel-p rel-sm rel-dim">{t("rel.decisions.intro")}</p>
      {decisions.length === 0 ? (
        <p className="rel-p rel-sm">{t("rel.decisions.empty")}</p>
      ) : (
        <table className="rel-table" data-testid="decisions">
          <thead>
            <tr>
              <th scope="col">{t("decision.decidedOn")}</th>
              <th scope="col">{t("decision.title")}</th>
              <th scope="col">{t("decision.factor")}</th>
            </tr>
          </thead>
          <tbody>
            {decisions.map((d) => (
              <tr key={d.id}>
                <td className="nowrap">{date(d.decidedOn)}</td>
                <td>
                  <p className="rel-p rel-m">{d.title}</p>
                  {d.note ? <p className="rel-p">{d.note}</p> : null}
                  <p className="rel-p rel-xs rel-dim">{t("decision.by", { organisation: d.organisation, name: d.by ?? "–" })}</p>
                  {data.decisionFiles?.[d.id] ? (
                    <AttachmentsBlock
                      listing={data.decisionFiles[d.id]}
                      parent={{ type: "decision", id: d.id }}
                      redirectTo={`/relationships/${header.id}`}
                      title={t("attachments.filesOf", { title: d.title })}
                    />
                  ) : null}
                </td>
                <td>{d.factor ? t(labelKey("factor", d.factor)) : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
