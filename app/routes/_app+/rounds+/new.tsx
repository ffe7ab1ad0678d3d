import { parseWithZod } from "@conform-to/zod";
import { Alert, Badge, Button, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import {
  ConformForm,
  DateField,
  FormError,
  FormFooter,
  SelectField,
  TextareaField,
  TextField,
  useErrorText,
  useSchemaForm,
  useSubmitting,
} from "~/components/forms";
import { DIVERSITIES, LIFECYCLE_STAGES, MATURITIES, SIZE_CLASSES } from "~/domain/factors";
import { roundToday } from "~/domain/rounds";
import { openRoundSchema, roundFilterSchema, type RoundFilter } from "~/forms/rounds";
import { refusalReply } from "~/http/refusal";
import { resolveLocale } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { forbidden } from "~/models/access.server";
import { getRoundDraft, openRound, roundOpeners } from "~/models/rounds.server";
import { rejectIdBeyondRange } from "~/http/route-params.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rounds.new.title");

const SIDES = ["provider", "customer"] as const;

/** The GET filters, each read on its own: a value the schema does not know is left out, an id beyond any row is a 404. */
function filterFrom(url: URL): RoundFilter {
  const filter: Record<string, unknown> = {};
  for (const key of Object.keys(roundFilterSchema.shape) as Array<keyof typeof roundFilterSchema.shape>) {
    const raw = url.searchParams.get(key);
    if (raw === null || raw === "") continue;
    if (key === "chainId" || key === "organisationId") rejectIdBeyondRange(raw);
    const parsed = roundFilterSchema.shape[key].safeParse(raw);
    if (parsed.success) filter[key] = parsed.data;
  }
  return filter as RoundFilter;
}

function defaultDeadline(now: Date): string {
  const d = new Date(`${roundToday(now)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 14);
  return d.toISOString().slice(0, 10);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (roundOpeners(user).length === 0) forbidden("Only an organisation's admins and staff open rounds");
  const filter = filterFrom(new URL(request.url));
  const draft = await getRoundDraft(user, filter);
  return { draft, filter, defaultDeadline: defaultDeadline(new Date()), locale: await resolveLocale(request, user.locale) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (roundOpeners(user).length === 0) forbidden("Only an organisation's admins and staff open rounds");
  const submission = parseWithZod(await request.formData(), { schema: openRoundSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await openRound(user, submission.value);
  if (!outcome.ok) return data({ result: refusalReply(submission, outcome) }, { status: outcome.status });
  return redirect(`/rounds/${outcome.roundId}?opened=1`);
}

export default function NewRoundPage() {
  const { draft, filter, defaultDeadline, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const { t } = useI18n();
  const errorText = useErrorText();
  const targets = draft.relationships.flatMap((r) => SIDES.map((side) => `${r.id}:${side}`));
  const [form, fields] = useSchemaForm(openRoundSchema, {
    id: `open-round-${draft.organisationId}-${draft.chainId}`,
    lastResult: actionData?.result,
    defaultValue: {
      organisationId: draft.organisationId === null ? undefined : String(draft.organisationId),
      chainId: draft.chainId === null ? undefined : String(draft.chainId),
      period: draft.defaultPeriod,
      deadline: defaultDeadline,
      invites: targets.map((target) => ({ target, locale })),
    },
  });
  const inviteFields = fields.invites.getFieldList();
  const any = { value: "", label: t("rounds.filter.any") };

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("rounds.new.title")}</Title>
        <Text>{t("rounds.new.intro")}</Text>
      </div>

      <Form method="get">
        <Fieldset legend={t("rounds.filter.legend")}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {draft.openers.length > 1 ? (
              <NativeSelect
                name="organisationId"
                label={t("rounds.organisation")}
                defaultValue={draft.organisationId === null ? "" : String(draft.organisationId)}
                data={draft.openers.map((o) => ({ value: String(o.id), label: o.name }))}
              />
            ) : null}
            <NativeSelect
              name="chainId"
              label={t("rounds.chain")}
              defaultValue={draft.chainId === null ? "" : String(draft.chainId)}
              data={[{ value: "", label: t("rounds.filter.chooseChain") }, ...draft.chains.map((c) => ({ value: String(c.id), label: c.name }))]}
            />
            <NativeSelect
              name="stage"
              label={t("rounds.filter.stage")}
              defaultValue={filter.stage ?? ""}
              data={[any, ...LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))]}
            />
            <NativeSelect
              name="sizeClass"
              label={t("rounds.filter.sizeClass")}
              defaultValue={filter.sizeClass ?? ""}
              data={[any, ...SIZE_CLASSES.map((s) => ({ value: s, label: t(`size.${s}`) }))]}
            />
            <NativeSelect
              name="maturity"
              label={t("rounds.filter.maturity")}
              defaultValue={filter.maturity ?? ""}
              data={[any, ...MATURITIES.map((s) => ({ value: s, label: t(`maturity.${s}`) }))]}
            />
            <NativeSelect
              name="diversity"
              label={t("rounds.filter.diversity")}
              defaultValue={filter.diversity ?? ""}
              data={[any, ...DIVERSITIES.map((s) => ({ value: s, label: t(`diversity.${s}`) }))]}
            />
          </SimpleGrid>
          <Button type="submit" variant="light" mt="md">
            {t("rounds.filter.show")}
          </Button>
        </Fieldset>
      </Form>

      {draft.chainId === null ? (
        <Text>{t("rounds.new.pickChain")}</Text>
      ) : draft.relationships.length === 0 ? (
        <Text>{t("rounds.new.noRelationships")}</Text>
      ) : (
        <ConformForm form={form}>
          <Stack>
            <FormError form={form} />
            <input type="hidden" name="organisationId" value={draft.organisationId ?? ""} />
            <input type="hidden" name="chainId" value={draft.chainId} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextField field={fields.name} label={t("rounds.name")} description={t("rounds.new.nameHint", { chain: draft.chainName ?? "" })} />
              <TextField field={fields.period} label={t("rounds.period")} description={t("rounds.new.periodHint")} />
              <DateField field={fields.deadline} label={t("rounds.deadline")} description={t("rounds.new.deadlineHint")} />
            </SimpleGrid>
            <TextareaField field={fields.message} label={t("rounds.message")} description={t("rounds.new.messageHint")} />

            <Title order={2} size="h3">
              {t("rounds.new.relationships", { count: draft.relationships.length })}
            </Title>
            {fields.relationships.errors?.length ? (
              <Alert color="red" role="alert" id={fields.relationships.errorId}>
                {errorText(fields.relationships.errors[0])}
              </Alert>
            ) : null}
            {fields.assessors.errors?.length ? (
              <Alert color="red" role="alert" id={fields.assessors.errorId}>
                {errorText(fields.assessors.errors[0])}
              </Alert>
            ) : null}
            {draft.relationships.map((r, ri) => (
              <Fieldset
                key={r.id}
                data-testid="round-relationship"
                legend={
                  <Checkbox
                    name="relationships"
                    value={String(r.id)}
                    defaultChecked
                    label={`${r.serviceName}: ${r.providerName} → ${r.customerName}`}
                    fw={600}
                  />
                }
              >
                <Group gap={6} mb="sm">
                  <Badge variant="outline" color="gray">
                    {t(`stage.${r.stage}`)}
                  </Badge>
                  <Badge variant="outline" color="gray">
                    {t(`maturity.${r.maturity}`)}
                  </Badge>
                  <Badge variant="outline" color="gray">
                    {t(`diversity.${r.diversity}`)}
                  </Badge>
                  <Badge variant="outline" color="gray">
                    {r.providerSizeClass ? t(`size.${r.providerSizeClass}`) : t("size.unknown")}
                  </Badge>
                </Group>
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  {SIDES.map((side, si) => {
                    const invite = inviteFields[ri * 2 + si]?.getFieldset();
                    const partyName = side === "provider" ? r.providerName : r.customerName;
                    return (
                      <Fieldset
                        key={side}
                        variant="filled"
                        legend={t(side === "provider" ? "rounds.side.provider" : "rounds.side.customer", { name: partyName })}
                      >
                        <Stack gap={6}>
                          {r.assessors[side].length === 0 ? <Text size="sm">{t("rounds.new.noMembers")}</Text> : null}
                          {r.assessors[side].map((m) => (
                            <Checkbox key={m.id} name="assessors" value={`${r.id}:${side}:${m.id}`} defaultChecked label={m.name} />
                          ))}
                          {invite ? (
                            <>
                              <input type="hidden" name={invite.target.name} value={`${r.id}:${side}`} />
                              <Group grow align="flex-start" gap="xs">
                                <TextField field={invite.email} type="email" label={t("rounds.invite.email")} />
                                <TextField field={invite.name} label={t("rounds.invite.name")} />
                                <SelectField
                                  field={invite.locale}
                                  label={t("rounds.invite.locale")}
                                  options={[
                                    { value: "fi", label: "suomi" },
                                    { value: "en", label: "English" },
                                  ]}
                                />
                              </Group>
                            </>
                          ) : null}
                        </Stack>
                      </Fieldset>
                    );
                  })}
                </SimpleGrid>
              </Fieldset>
            ))}
            <Text size="sm">{t("rounds.new.inviteHint")}</Text>
            <FormFooter submitLabel={t("rounds.new.submit")} pending={submitting} cancelTo="/rounds" />
          </Stack>
        </ConformForm>
      )}
    </Stack>
  );
}
