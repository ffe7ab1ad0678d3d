import { Button, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "@mantine/core";
import { requireUser } from "~/auth.server";
import { invitationDecisionSchema } from "~/forms/rounds";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { forbidden, notFound } from "~/models/access.server";
import { decideInvitation, mayApproveInvitations, pendingInvitations } from "~/models/invitations.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitation.approvals.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!mayApproveInvitations(user)) forbidden("Only an organisation admin approves invitations");
  return { invitations: await pendingInvitations(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const parsed = invitationDecisionSchema.safeParse({ intent: form.get("intent"), invitationId: form.get("invitationId") });
  if (!parsed.success) notFound("invitation not found");
  await decideInvitation(user, parsed.data.invitationId, parsed.data.intent);
  return redirect(`/rounds/invitations?${parsed.data.intent === "approve" ? "approved" : "declined"}=1`);
}

export default function InvitationApprovalsPage() {
  const { invitations } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("invitation.approvals.title")}</Title>
        <Text>{t("invitation.approvals.intro")}</Text>
      </div>
      {params.get("approved") ? (
        <Alert color="teal" role="status">
          {t("invitation.approvals.approvedNotice")}
        </Alert>
      ) : null}
      {params.get("declined") ? (
        <Alert color="gray" role="status">
          {t("invitation.approvals.declinedNotice")}
        </Alert>
      ) : null}
      {invitations.length === 0 ? (
        <Text>{t("invitation.approvals.empty")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} role="region" aria-label={t("invitation.approvals.title")}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("invitation.approvals.invitee")}</Table.Th>
                <Table.Th scope="col">{t("invitation.approvals.invitedBy")}</Table.Th>
                <Table.Th scope="col">{t("invitation.approvals.what")}</Table.Th>
                <Table.Th scope="col">{t("invitation.approvals.decision")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.map((inv) => (
                <Table.Tr key={inv.id} data-testid="pending-invitation">
                  <Table.Td>
                    <Text fw={600}>{inv.name}</Text>
                    <Text size="sm">{inv.email}</Text>
                    <Text size="sm">{inv.organisationName}</Text>
                  </Table.Td>
                  <Table.Td>
                    {inv.inviterName ?? t("invitation.someone")}
                    {inv.inviterOrganisationName ? `, ${inv.inviterOrganisationName}` : ""}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {inv.roundName}
                      {inv.deadline ? ` · ${t("rounds.deadlineOn", { date: formatDate(locale, inv.deadline) })}` : ""}
                    </Text>
                    <List size="sm">
                      {inv.relationships.map((r) => (
                        <List.Item key={`${r.id}:${r.side}`}>
                          {r.serviceName}: {r.providerName} → {r.customerName}
                        </List.Item>
                      ))}
                    </List>
                  </Table.Td>
                  <Table.Td>
                    <Form method="post">
                      <input type="hidden" name="invitationId" value={inv.id} />
                      <Group gap="xs">
                        <Button type="submit" name="intent" value="approve" size="xs" aria-label={`${t("invitation.approvals.approve")}: ${inv.name}`}>
                          {t("invitation.approvals.approve")}
                        </Button>
                        <Button
                          type="submit"
                          name="intent"
                          value="decline"
                          size="xs"
                          color="red"
                          variant="light"
                          aria-label={`${t("invitation.approvals.decline")}: ${inv.name}`}
                        >
                          {t("invitation.approvals.decline")}
                        </Button>
                      </Group>
                    </Form>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
