import { Anchor, Badge, Card, Group, Stack, Text, Timeline, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

const REACTIVATED_FROM = new Set(["passivating", "passive", "ended"]);

/** The dated stage changes, newest first, each with its listening question and note. */
export function LifecycleTimeline({ data }: { data: Pick<RelationshipPage, "header" | "lifecycle"> }) {
  const { t, date } = useI18n();
  const { header, lifecycle } = data;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="lifecycle-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="center">
          <Title order={2} size="h4" id="lifecycle-heading">
            {t("rel.lifecycle.title")}
          </Title>
          {header.canWrite ? (
            <Anchor component={Link} to={`/relationships/${header.id}/lifecycle`} size="sm">
              {t("rel.lifecycle.change")}
            </Anchor>
          ) : null}
        </Group>
        <Text size="sm">
          {t("rel.lifecycle.current")}:{" "}
          <Badge variant="light" tt="none" component="span">
            {t(`stage.${header.stage}` as MessageKey)}
          </Badge>
        </Text>
        {lifecycle.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("rel.lifecycle.empty")}
          </Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2} active={0}>
            {lifecycle.map((e) => {
              const reactivated = e.toStage === "active" && e.fromStage !== null && REACTIVATED_FROM.has(e.fromStage);
              return (
                <Timeline.Item
                  key={e.id}
                  title={
                    <span>
                      <span>
                        {e.fromStage ? `${t(`stage.${e.fromStage}` as MessageKey)} → ` : ""}
                        {t(`stage.${e.toStage}` as MessageKey)}
                      </span>
                      {reactivated ? (
                        <Badge size="xs" color="teal" variant="outline" component="span" ml={6}>
                          {t("rel.lifecycle.reactivated")}
                        </Badge>
                      ) : null}
                    </span>
                  }
                >
                  <Text size="xs" c="dimmed">
                    {date(e.changedOn)} · {t(`reason.${e.reasonCategory}` as MessageKey)}
                  </Text>
                  <Text size="sm">{e.note}</Text>
                  {e.recordedBy ? (
                    <Text size="xs" c="dimmed">
                      {t("rel.lifecycle.by", { name: e.recordedBy })}
                    </Text>
                  ) : null}
                </Timeline.Item>
              );
            })}
          </Timeline>
        )}
      </Stack>
    </Card>
  );
}
