import { Alert, Anchor, Badge, Button, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import type { InvitationStatus } from "~/domain/notification-kinds";
import type { AssessorStatus, Rate } from "~/domain/rounds";
import { idParam } from "~/http/route-params.server";
import { formatDate } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { closeRound, requireRoundManager, getRound } from "~/models/rounds.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "rounds.title", { name: data?.round.name });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return await getRound(user, idParam(params, "roundId"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const roundId = idParam(params, "roundId");
  // Access first: a foreign round is a 404 whatever the form holds.
  await requireRoundManager(user, roundId);
  const form = await request.formData();
  if (form.get("intent") !== "close") throw new Response("Unknown intent", { status: 400 });
  await closeRound(user, roundId);
  return redirect(`/rounds/${roundId}?closed=1`);
}

const STATUS_KEY: Record<AssessorStatus, MessageKey> = {
  submitted: "rounds.assessor.submitted",
  late: "rounds.assessor.late",
  draft: "rounds.assessor.draft",
  not_started: "rounds.assessor.notStarted",
};
const INVITATION_STATUS_KEY: Record<InvitationStatus, MessageKey> = {
  awaiting_approval: "invitation.status.awaiting_approval",
  sent: "invitation.status.sent",
  accepted: "invitation.status.accepted",
  declined: "invitation.status.declined",
  revoked: "invitation.status.revoked",
};
const STATUS_COLOR: Record<AssessorStatus, string> = { submitted: "teal", late: "orange", draft: "blue", not_started: "gray" };

function StatusBadge({ status }: { status: AssessorStatus }) {
  const { t } = useI18n();
  return (
    <Badge variant="light" color={STATUS_COLOR[status]}>
      {t(STATUS_KEY[status])}
    </Badge>
  );
}

export default function RoundPage() {
  const view = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale, quarter, dateTime } = useI18n();
  const { round } = view;
  const rate = (r: Rate) => t("rounds.rate", { submitted: r.submitted, asked: r.asked });

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{round.name}</Title>
        <Text>
          {t("rounds.summary", { organisation: round.organisationName, period: quarter(round.period), deadline: formatDate(locale, round.deadline) })}
        </Text>
      </div>
      {params.get("opened") ? (
        <Alert color="teal" role="status">
          {t("rounds.openedNotice")}
        </Alert>
      ) : null}
      {round.status === "closed" ? (
        <Alert color="gray" role="status">
          {t("rounds.closedNotice", { date: dateTime(round.closedAt) })}
        </Alert>
      ) : null}
      {round.message ? (
        <Stack gap={4}>
          <Title order={2} size="h4">
            {t("rounds.message")}
          </Title>
          <Text style={{ whiteSpace: "pre-wrap" }}>{round.message}</Text>
        </Stack>
      ) : null}

      {view.view === "assessor" ? (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t("rounds.mine.title")}
          </Title>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("rounds.relationship")}</Table.Th>
                <Table.Th scope="col">{t("rounds.status")}</Table.Th>
                <Table.Th scope="col">{t("rounds.mine.action")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.mine.map((m) => (
                <Table.Tr key={`${m.id}:${m.side}`} data-testid="my-round-relationship">
                  <Table.Td>
                    {m.serviceName}: {m.providerName} → {m.customerName}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={m.status} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/relationships/${m.id}/assess?period=${round.period}`}>
                      {t(m.status === "not_started" || m.status === "draft" ? "rounds.mine.assess" : "rounds.mine.view")}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : (
        <>
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={2} size="h3">
                {t(view.frozen ? "rounds.figures.frozen" : "rounds.figures.live")}
              </Title>
              {view.canClose ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="close" />
                  <Button type="submit" color="red" variant="light">
                    {t("rounds.close")}
                  </Button>
                </Form>
              ) : null}
            </Group>
            <Table withTableBorder data-testid="round-rates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("rounds.figures.group")}</Table.Th>
                  <Table.Th scope="col">{t("rounds.responses")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">{t("rounds.figures.total")}</Table.Th>
                  <Table.Td data-testid="rate-total">{rate(view.figures.total)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t("rounds.figures.providerSide")}</Table.Th>
                  <Table.Td data-testid="rate-provider">{rate(view.figures.sides.provider)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t("rounds.figures.customerSide")}</Table.Th>
                  <Table.Td data-testid="rate-customer">{rate(view.figures.sides.customer)}</Table.Td>
                </Table.Tr>
                {view.figures.partners.map((p) => (
                  <Table.Tr key={p.organisationId}>
                    <Table.Th scope="row">{p.organisationName}</Table.Th>
                    <Table.Td>{rate(p)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>

          <Stack gap="xs">
            <Title order={2} size="h3">
              {t("rounds.assessors")}
            </Title>
            <Table.ScrollContainer minWidth={760} type="native" tabIndex={0} role="region" aria-label={t("rounds.assessors")}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("rounds.assessor")}</Table.Th>
                    <Table.Th scope="col">{t("rounds.organisation")}</Table.Th>
                    <Table.Th scope="col">{t("rounds.relationship")}</Table.Th>
                    <Table.Th scope="col">{t("rounds.status")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {view.figures.assessors.map((a, i) => {
                    const r = view.relationships.find((x) => x.id === a.relationshipId);
                    return (
                      <Table.Tr key={i} data-testid="round-assessor">
                        <Table.Td>{a.name}</Table.Td>
                        <Table.Td>{a.organisationName}</Table.Td>
                        <Table.Td>{r ? `${r.serviceName}: ${r.providerName} → ${r.customerName}` : a.relationshipId}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={a.status} />
                          {a.submittedAt ? <Text span size="sm">{` ${dateTime(a.submittedAt)}`}</Text> : null}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>

          {view.invitations.length > 0 ? (
            <Stack gap="xs">
              <Title order={2} size="h3">
                {t("rounds.invitations")}
              </Title>
              <List>
                {view.invitations.map((inv) => (
                  <List.Item key={inv.id} data-testid="round-invitation">
                    {inv.name} ({inv.email}), {inv.organisationName}: {t(INVITATION_STATUS_KEY[inv.status])}
                  </List.Item>
                ))}
              </List>
            </Stack>
          ) : null}
        </>
      )}
    </Stack>
  );
}
