import { Anchor, Badge, Button, Group, List, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

/** The quarter's submitted assessments of both sides (and the user's own draft); a side without one is shown as missing. */
export function AssessmentsList({ data }: { data: Pick<RelationshipPage, "assessments" | "myDrafts" | "header" | "period"> }) {
  const { t, quarter, dateTime } = useI18n();
  const { assessments, myDrafts, header, period } = data;
  const canAssess = header.side !== null && header.canWrite;
  const missing = (["provider", "customer"] as const).filter(
    (side) => !assessments.some((a) => a.side === side && a.status === "submitted")
  );
  return (
    <Stack gap="xs" component="section" aria-labelledby="assessments-heading">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="assessments-heading">
          {t("rel.assessments.title", { period: quarter(period) })}
        </Title>
        {canAssess ? (
          <Button component={Link} to={`/relationships/${header.id}/assess`} variant="filled">
            {t("rel.assessQuarter")}
          </Button>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        {t("rel.assessments.intro")}
      </Text>
      {assessments.length > 0 ? (
        <Table.ScrollContainer minWidth={600}>
          <Table withTableBorder verticalSpacing={4} data-testid="assessments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("rel.assessments.side")}</Table.Th>
                <Table.Th scope="col">{t("rel.assessments.assessor")}</Table.Th>
                <Table.Th scope="col">{t("rel.assessments.status")}</Table.Th>
                <Table.Th scope="col">{t("rel.assessments.submitted")}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t("rel.assessments.open")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {assessments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{t(`rel.sideName.${a.side}` as MessageKey)}</Table.Td>
                  <Table.Td>
                    {a.assessorName}
                    <Text size="xs" c="dimmed">
                      {a.organisationName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={a.status === "submitted" ? "teal" : "gray"} tt="none">
                      {t(`assessmentStatus.${a.status}` as MessageKey)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{a.submittedAt ? dateTime(a.submittedAt) : "–"}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={
                        a.status === "draft"
                          ? `/relationships/${header.id}/assess?period=${a.period}`
                          : `/relationships/${header.id}/assessments/${a.id}`
                      }
                      aria-label={t("rel.assessments.openOf", { name: a.assessorName })}
                    >
                      {t("rel.assessments.open")}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {missing.map((side) => (
        <Text key={side} size="sm" fs="italic" data-testid={`missing-${side}`}>
          {t("rel.assessments.missingSide", {
            organisation: side === "provider" ? header.provider.name : header.customer.name,
            period: quarter(period),
          })}
        </Text>
      ))}
      {myDrafts.length > 0 ? (
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t("rel.assessments.myDrafts")}
          </Title>
          <List size="sm">
            {myDrafts.map((d) => (
              <List.Item key={d.id}>
                <Anchor component={Link} to={`/relationships/${header.id}/assess?period=${d.period}`}>
                  {t("rel.assessments.continue", { period: quarter(d.period) })}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Stack>
  );
}
