import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

const STATUS_COLOR: Record<string, string> = { planned: "gray", in_progress: "blue", done: "teal", cancelled: "dark" };

export function DevelopmentActions({ data }: { data: Pick<RelationshipPage, "actions" | "header"> }) {
  const { t, date } = useI18n();
  const { actions, header } = data;
  return (
    <Stack gap="xs" component="section" aria-labelledby="actions-heading">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="actions-heading">
          {t("rel.actions.title")}
        </Title>
        {header.canWrite ? (
          <Button component={Link} to={`/relationships/${header.id}/actions/new`} variant="light">
            {t("rel.actions.add")}
          </Button>
        ) : null}
      </Group>
      {actions.length === 0 ? (
        <Text size="sm">{t("rel.actions.empty")}</Text>
      ) : (
        <Stack gap="xs" data-testid="actions">
          {actions.map((a) => (
            <Card key={a.id} withBorder padding="sm">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={600}>{a.title}</Text>
                  {a.description ? <Text size="sm">{a.description}</Text> : null}
                  <Group gap={4}>
                    <Badge variant="light" color={STATUS_COLOR[a.status]} tt="none">
                      {t(`actionStatus.${a.status}` as MessageKey)}
                    </Badge>
                    <Badge variant="outline" color="gray" tt="none">
                      {t(`phase.${a.phase}` as MessageKey)}
                    </Badge>
                    {a.factor ? (
                      <Badge variant="outline" color="indigo" tt="none">
                        {t(`factor.${a.factor}` as MessageKey)}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t("rel.actions.owner")}: {a.ownerName ?? "–"} ({a.ownerOrganisation}) · {t("rel.actions.due")}: {date(a.dueDate)}
                  </Text>
                  {a.outcomeNote ? (
                    <Text size="sm">
                      <Text span fw={600} size="sm">
                        {t("rel.actions.outcome")}:
                      </Text>{" "}
                      {a.outcomeNote}
                    </Text>
                  ) : null}
                </Stack>
                {header.canWrite ? (
                  <Anchor
                    component={Link}
                    to={`/relationships/${header.id}/actions/${a.id}`}
                    size="sm"
                    aria-label={t("rel.actions.editOf", { title: a.title })}
                  >
                    {t("rel.actions.edit")}
                  </Anchor>
                ) : null}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function DecisionLog({ data }: { data: Pick<RelationshipPage, "decisions" | "header"> }) {
  const { t, date } = useI18n();
  const { decisions, header } = data;
  return (
    <Stack gap="xs" component="section" aria-labelledby="decisions-heading">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="decisions-heading">
          {t("rel.decisions.title")}
        </Title>
        {header.canWrite ? (
          <Button component={Link} to={`/relationships/${header.id}/decisions/new`} variant="light">
            {t("rel.decisions.add")}
          </Button>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        {t("rel.decisions.intro")}
      </Text>
      {decisions.length === 0 ? (
        <Text size="sm">{t("rel.decisions.empty")}</Text>
      ) : (
        <Table withTableBorder verticalSpacing={4} data-testid="decisions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("decision.decidedOn")}</Table.Th>
              <Table.Th scope="col">{t("decision.title")}</Table.Th>
              <Table.Th scope="col">{t("decision.factor")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {decisions.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{date(d.decidedOn)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {d.title}
                  </Text>
                  {d.note ? <Text size="sm">{d.note}</Text> : null}
                  <Text size="xs" c="dimmed">
                    {t("decision.by", { organisation: d.organisation, name: d.by ?? "–" })}
                  </Text>
                </Table.Td>
                <Table.Td>{d.factor ? t(`factor.${d.factor}` as MessageKey) : "–"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
