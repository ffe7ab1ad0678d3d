import { Alert, Anchor, Button, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { ExportButtons } from "~/components/compare/export-buttons";
import plainTableStyles from "~/components/plain-table.css";
import { labelKey } from "~/i18n/labels";
import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import compareStyles from "~/components/compare/compare.css";
import { NOTICE_STYLES, DARK_BUTTON, useQuarterOptions } from "~/components/compare/figures";
import { CompareRadar } from "./__compare-radar";
import { GroupAveragesTable } from "~/components/compare/group-averages";
import { MatrixTable, ToneLegend } from "./__matrix-table";
import { ScoreBandLegend } from "~/components/score-band";
import { COMPARE_SIDES, COMPARE_SORTS, GROUP_DIMENSIONS, MAX_PARTNERS, MIN_PARTNERS, groupLabel } from "~/domain/compare";
import { compareQuery, parseCompareState, type CompareState } from "~/domain/compare-url";
import { DIVERSITIES, LIFECYCLE_STAGES, MATURITIES, SIZE_CLASSES } from "~/domain/factors";
import type { MessageKey } from "~/i18n/messages";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getCompareView } from "~/models/compare.server";
import { factorThreadCounts } from "~/models/comments.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: plainTableStyles },
  { rel: "stylesheet", href: compareStyles },
];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.compare");

/**
 * The partner comparison. Its whole state is the query string (parsed with
 * zod in parseCompareState, bad values fall back to defaults and are named
 * on the page), so a view can be bookmarked and sent. Ids the user may not
 * see are dropped by the model, the same as ids that do not exist.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const { state, problems } = parseCompareState(url.searchParams);
  const { picker, result } = await getCompareView(user, state);
  // The default quarter moves on with the calendar: write the one shown into
  // the URL, so a link sent today opens the same quarter next month. (A
  // quarter that is not one stays, so the page can say so.)
  if (state.quarter === null && result.quarter && !problems.includes("invalid_quarter")) {
    url.searchParams.set("q", result.quarter);
    throw redirect(`${url.pathname}${url.search}`);
  }
  const { comparison } = result;
  // Comments per cell (partner × factor) of the quarter shown: one grouped count over the partners in the matrix.
  const comments = result.tooFew
    ? {}
    : await factorThreadCounts(
        user,
        result.table.partners.map((p) => p.id),
        result.quarter,
      );
  return {
    comments,
    state: { ...state, ids: result.pickedIds },
    problems,
    picker,
    unavailable: result.unavailable,
    tooFew: result.tooFew,
    quarter: result.quarter,
    currentQuarter: result.currentQuarter,
    quarters: result.quarters,
    previousQuarter: comparison.previousQuarter,
    hiddenByFilters: comparison.hiddenByFilters,
    groupAverages: comparison.groupAverages,
    modelVersion: comparison.modelVersion,
    bands: result.model.bands,
    table: result.table,
  };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** One filter's checkboxes: native inputs (styles in compare.css); the page has seventeen of them. */
function FilterGroup<V extends string>({
  name,
  legend,
  values,
  keyOf,
  selected,
}: {
  name: string;
  legend: string;
  values: readonly V[];
  keyOf: (v: V) => MessageKey;
  selected: readonly string[];
}) {
  const { t } = useI18n();
  return (
    <fieldset className="cmp-filter">
      <legend>{legend}</legend>
      <div>
        {values.map((v) => (
          <label key={v} className="cmp-check xs">
            <input type="checkbox" name={name} value={v} defaultChecked={selected.includes(v)} />
            <span>{t(keyOf(v))}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Picker({ data }: { data: LoaderData }) {
  const { t } = useI18n();
  const { picker, state } = data;
  const picked = new Set(state.ids);
  const sizeLabel = t("compare.row.size");
  return (
    <Fieldset legend={t("compare.picker.legend", { count: picked.size, max: MAX_PARTNERS })} className="no-print">
      <Stack gap="sm">
        <Group align="flex-end" gap="sm">
          <NativeSelect
            name="chain"
            label={t("compare.picker.chain")}
            defaultValue={state.chain === null ? "" : String(state.chain)}
            data={[{ value: "", label: t("compare.picker.allChains") }, ...picker.chains.map((c) => ({ value: String(c.id), label: c.name }))]}
          />
          <TextInput name="find" type="search" label={t("compare.picker.find")} defaultValue={state.find} maxLength={100} />
          <Button type="submit" variant="default">
            {t("compare.picker.search")}
          </Button>
        </Group>
        {picker.options.length === 0 ? (
          <Text size="sm">{t("compare.picker.none")}</Text>
        ) : (
          <div className="picker-list" tabIndex={0} role="region" aria-label={t("compare.picker.listLabel")}>
            {/* Plain elements: a hundred rows or more, and Mantine Table cells with a Checkbox per row were about half of the page's size and render time. */}
            <table className="cmp-table striped">
              <thead>
                <tr>
                  <th scope="col">{t("compare.col.partner")}</th>
                  <th scope="col">{t("compare.col.service")}</th>
                  <th scope="col">{t("compare.col.chain")}</th>
                  <th scope="col">{t("compare.col.context")}</th>
                </tr>
              </thead>
              <tbody>
                {picker.options.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <label className="cmp-check">
                        <input type="checkbox" name="r" value={o.id} defaultChecked={picked.has(o.id)} />
                        <span>
                          {o.name}
                          <span className="visually-hidden">{`, ${o.serviceName}`}</span>
                        </span>
                      </label>
                    </td>
                    <td>{o.serviceName}</td>
                    <td>{o.chainName}</td>
                    <td className="cmp-xs">
                      {[
                        t(labelKey("compare.role", o.role)),
                        `${sizeLabel}: ${t(groupLabel("size", o.sizeGroup).key)}`,
                        t(labelKey("maturity", o.maturity)),
                        t(labelKey("stage", o.stage)),
                        t(labelKey("criticality", o.criticality)),
                      ].join(" · ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {picker.truncated ? <Text size="sm">{t("compare.picker.truncated", { limit: picker.options.length })}</Text> : null}
      </Stack>
    </Fieldset>
  );
}

function ViewControls({ data }: { data: LoaderData }) {
  const { t } = useI18n();
  const quarterOptions = useQuarterOptions();
  const { state } = data;
  return (
    <Fieldset legend={t("compare.view.legend")} className="no-print">
      <Stack gap="sm">
        <input type="hidden" name="side" value={state.side} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            name="q"
            label={t("compare.view.quarter")}
            defaultValue={state.quarter ?? ""}
            data={quarterOptions({ shown: data.quarter, requested: state.quarter, current: data.currentQuarter, quarters: data.quarters })}
          />
          <NativeSelect
            name="group"
            label={t("compare.view.group")}
            defaultValue={state.group ?? "none"}
            data={[{ value: "none", label: t("compare.group.none") }, ...GROUP_DIMENSIONS.map((g) => ({ value: g, label: t(labelKey("compare.row", g)) }))]}
          />
          <NativeSelect
            name="sort"
            label={t("compare.view.sort")}
            defaultValue={state.sort}
            data={COMPARE_SORTS.map((s) => ({ value: s, label: t(labelKey("compare.sort", s)) }))}
          />
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {t("compare.view.filters")}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
          <FilterGroup name="size" legend={t("compare.row.size")} values={SIZE_CLASSES} keyOf={(v) => labelKey("size", v)} selected={state.sizes} />
          <FilterGroup
            name="maturity"
            legend={t("compare.row.maturity")}
            values={MATURITIES}
            keyOf={(v) => labelKey("maturity", v)}
            selected={state.maturities}
          />
          <FilterGroup
            name="diversity"
            legend={t("compare.row.diversity")}
            values={DIVERSITIES}
            keyOf={(v) => labelKey("diversity", v)}
            selected={state.diversities}
          />
          <FilterGroup name="stage" legend={t("compare.row.stage")} values={LIFECYCLE_STAGES} keyOf={(v) => labelKey("stage", v)} selected={state.stages} />
        </SimpleGrid>
        <Group>
          <Button type="submit" {...DARK_BUTTON}>
            {t("compare.view.apply")}
          </Button>
          <Anchor component={Link} to="/compare" size="sm" c="teal.9">
            {t("compare.view.reset")}
          </Anchor>
        </Group>
      </Stack>
    </Fieldset>
  );
}

/** The side toggle: plain links, so it works without JavaScript and every view has its own URL. */
function SideToggle({ state }: { state: CompareState }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("compare.side.label")} className="no-print">
      <Group gap={4}>
        <Text size="sm" fw={500} mr="xs">
          {t("compare.side.label")}:
        </Text>
        {COMPARE_SIDES.map((side) => (
          <Button
            key={side}
            component={Link}
            to={`?${compareQuery(state, { side })}`}
            preventScrollReset
            size="compact-sm"
            variant={state.side === side ? "filled" : "default"}
            {...(state.side === side ? DARK_BUTTON : {})}
            aria-current={state.side === side ? "true" : undefined}
          >
            {t(labelKey("compare.side", side))}
          </Button>
        ))}
      </Group>
    </nav>
  );
}

export default function ComparePage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const location = useLocation();
  const { state, table } = data;
  const query = compareQuery(state).toString();
  const exportHref = (format: string) => `/compare/export?${query}${query ? "&" : ""}format=${format}`;

  return (
    <Stack gap="md" className="compare-page">
      <div>
        <Title order={1}>{t("compare.title")}</Title>
        <Text c="gray.7">{t("compare.intro")}</Text>
      </div>

      {data.problems.map((p) => (
        <Alert key={p} color="orange" styles={NOTICE_STYLES} title={t("compare.problem.title")} className="no-print">
          {t(labelKey("compare.problem", p), { max: MAX_PARTNERS })}
        </Alert>
      ))}
      {data.unavailable > 0 ? (
        <Alert color="gray" styles={NOTICE_STYLES} className="no-print" data-testid="unavailable">
          {t("compare.unavailable", { count: data.unavailable })}
        </Alert>
      ) : null}

      {/* One GET form for picker and view options: the URL is the whole state. */}
      <Form method="get" key={location.search} preventScrollReset>
        <Stack gap="md">
          <details open={data.tooFew} className="no-print">
            <summary>
              <Text span fw={600}>
                {t("compare.picker.toggle", { count: state.ids.length })}
              </Text>
            </summary>
            <Stack mt="sm">
              <Picker data={data} />
              <Group>
                <Button type="submit" {...DARK_BUTTON}>
                  {t("compare.picker.compare")}
                </Button>
              </Group>
            </Stack>
          </details>
          {!data.tooFew ? <ViewControls data={data} /> : null}
        </Stack>
      </Form>

      {data.tooFew ? (
        <Alert color="blue" styles={NOTICE_STYLES} title={t("compare.tooFew.title")} data-testid="too-few">
          {t("compare.tooFew.body", { min: MIN_PARTNERS, max: MAX_PARTNERS, count: state.ids.length })}
        </Alert>
      ) : (
        <Stack gap="md">
          <Group justify="space-between" align="center">
            <SideToggle state={state} />
            <ExportButtons className="no-print" exportHref={exportHref} />
          </Group>
          {data.hiddenByFilters > 0 ? (
            <Text size="sm" data-testid="hidden-by-filters">
              {t("compare.hiddenByFilters", { count: data.hiddenByFilters })}
            </Text>
          ) : null}
          {table.partners.length === 0 ? (
            <Alert color="gray" styles={NOTICE_STYLES}>
              {t("compare.allFiltered")}
            </Alert>
          ) : (
            <>
              <Title order={2} size="h3">
                {t("compare.matrixTitle")}
              </Title>
              <ToneLegend side={state.side} />
              <ScoreBandLegend bands={data.bands} version={data.modelVersion} />
              <MatrixTable table={table} side={state.side} quarter={data.quarter} previous={data.previousQuarter} comments={data.comments} />
              <Text size="xs" c="gray.7">
                {t("compare.footnote", { version: data.modelVersion })}
              </Text>
              <section className="compare-section">
                <Title order={2} size="h3" mb="xs">
                  {t("compare.radar.title")}
                </Title>
                <CompareRadar table={table} side={state.side} />
              </section>
              {state.group && data.groupAverages.length ? (
                <section className="compare-section">
                  <Title order={2} size="h3" mb="xs">
                    {t("compare.groupTitle", { group: t(labelKey("compare.group", state.group)) })}
                  </Title>
                  <GroupAveragesTable groups={data.groupAverages} caption={t("compare.groupCaption")} signed={state.side === "gap"} />
                </section>
              ) : null}
            </>
          )}
        </Stack>
      )}
      {!data.tooFew ? (
        <Text size="xs" c="gray.7" className="no-print">
          {t("compare.shareHint")}
        </Text>
      ) : null}
    </Stack>
  );
}
