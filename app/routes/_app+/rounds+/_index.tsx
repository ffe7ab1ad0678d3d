import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { mayApproveInvitations } from "~/models/invitations.server";
import { listRounds, roundOpeners } from "~/models/rounds.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rounds.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { rounds: await listRounds(user), canOpen: roundOpeners(user).length > 0, canApprove: mayApproveInvitations(user) };
}

export default function RoundsPage() {
  const { rounds, canOpen, canApprove } = useLoaderData<typeof loader>();
  const { t, locale, quarter } = useI18n();
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("rounds.title")}</Title>
          <Text>{t("rounds.intro")}</Text>
        </div>
        <Group>
          {canApprove ? (
            <Button component={Link} to="/rounds/invitations" variant="light">
              {t("rounds.approvals")}
            </Button>
          ) : null}
          {canOpen ? (
            <Button component={Link} to="/rounds/new">
              {t("rounds.open")}
            </Button>
          ) : null}
        </Group>
      </Group>
      {rounds.length === 0 ? (
        <Text>{t("rounds.empty")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} role="region" aria-label={t("nav.rounds")}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("rounds.name")}</Table.Th>
                <Table.Th scope="col">{t("rounds.organisation")}</Table.Th>
                <Table.Th scope="col">{t("rounds.period")}</Table.Th>
                <Table.Th scope="col">{t("rounds.deadline")}</Table.Th>
                <Table.Th scope="col">{t("rounds.status")}</Table.Th>
                <Table.Th scope="col">{t("rounds.responses")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rounds.map((r) => (
                <Table.Tr key={r.id} data-testid="round-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/rounds/${r.id}`}>
                      {r.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.organisationName}</Table.Td>
                  <Table.Td>{quarter(r.period)}</Table.Td>
                  <Table.Td>{formatDate(locale, r.deadline)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={r.status === "open" ? "teal" : "gray"}>
                      {t(r.status === "open" ? "rounds.statusOpen" : "rounds.statusClosed")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{r.role === "owner" ? t("rounds.rate", { submitted: r.submitted, asked: r.asked }) : t("rounds.youAreAsked")}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
