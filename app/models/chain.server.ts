import { and, asc, count, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { chains, organisations, relationships } from "../../db/schema";
import { db } from "../db.server";
import type { LifecycleStage, SizeClass } from "../domain/factors";
import { denyAccess, visibleChainCondition, visibleRelationshipCondition } from "./access.server";
import { activeImportanceModel, explained, latestScore, relationshipContext, submittedPerformance, type ExplainedScore } from "./scoring.server";
import type { ActingUser } from "./user.server";

export type ChainSummary = {
  id: number;
  name: string;
  description: string | null;
  focalName: string;
  relationshipCount: number;
};

/** Chains the user may open, with the number of relationships in each that the user may see. */
export function listVisibleChains(user: ActingUser): ChainSummary[] {
  const visibleCount = db()
    .select({ chainId: relationships.chainId, n: count().as("n") })
    .from(relationships)
    .where(visibleRelationshipCondition(user))
    .groupBy(relationships.chainId)
    .as("visible_count");
  return db()
    .select({
      id: chains.id,
      name: chains.name,
      description: chains.description,
      focalName: organisations.name,
      relationshipCount: sql<number>`coalesce(${visibleCount.n}, 0)`,
    })
    .from(chains)
    .innerJoin(organisations, eq(organisations.id, chains.focalOrganisationId))
    .leftJoin(visibleCount, eq(visibleCount.chainId, chains.id))
    .where(visibleChainCondition(user))
    .orderBy(asc(chains.name))
    .all();
}

export type PartyView = { id: number; name: string; sizeClass: SizeClass | null; startup: boolean };

export type ChainRelationshipView = {
  id: number;
  serviceName: string;
  provider: PartyView;
  customer: PartyView;
  stage: LifecycleStage;
  startDate: string;
  maturity: string;
  diversity: string;
  criticality: string;
  referenceCustomer: boolean;
  score: ExplainedScore | null;
};

export type ChainView = {
  id: number;
  name: string;
  description: string | null;
  focal: { id: number; name: string };
  upstream: ChainRelationshipView[];
  downstream: ChainRelationshipView[];
  other: ChainRelationshipView[];
};

const provider = alias(organisations, "provider");
const customer = alias(organisations, "customer");

/**
 * The chain as supplier -> company -> end customer, with only the
 * relationships the user may see. A chain the user may not open is a 404.
 */
export function getChainView(user: ActingUser, chainId: number, asOf = new Date()): ChainView {
  const chain = db()
    .select({
      id: chains.id,
      name: chains.name,
      description: chains.description,
      focalId: organisations.id,
      focalName: organisations.name,
    })
    .from(chains)
    .innerJoin(organisations, eq(organisations.id, chains.focalOrganisationId))
    .where(and(eq(chains.id, chainId), visibleChainCondition(user)))
    .get();
  if (!chain) denyAccess(user, "chain", chainId);

  const rows = db()
    .select({
      id: relationships.id,
      serviceName: relationships.serviceName,
      stage: relationships.lifecycleStage,
      startDate: relationships.startDate,
      maturityOverride: relationships.maturityOverride,
      diversity: relationships.diversity,
      criticality: relationships.criticality,
      referenceCustomer: relationships.referenceCustomer,
      providerId: provider.id,
      providerName: provider.name,
      providerSizeClass: provider.sizeClass,
      providerFoundedYear: provider.foundedYear,
      customerId: customer.id,
      customerName: customer.name,
      customerSizeClass: customer.sizeClass,
      customerFoundedYear: customer.foundedYear,
    })
    .from(relationships)
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .where(and(eq(relationships.chainId, chainId), visibleRelationshipCondition(user)))
    .orderBy(asc(provider.name), asc(customer.name))
    .all();

  const model = activeImportanceModel();
  const performance = submittedPerformance(rows.map((r) => r.id));

  const views = rows.map((r): ChainRelationshipView => {
    const context = relationshipContext(r, asOf);
    const latest = latestScore(performance.get(r.id), context, model);
    return {
      id: r.id,
      serviceName: r.serviceName,
      provider: {
        id: r.providerId,
        name: r.providerName,
        sizeClass: r.providerSizeClass,
        startup: context.startup,
      },
      customer: {
        id: r.customerId,
        name: r.customerName,
        sizeClass: r.customerSizeClass,
        startup: false,
      },
      stage: r.stage,
      startDate: r.startDate,
      maturity: context.maturity,
      diversity: r.diversity,
      criticality: r.criticality,
      referenceCustomer: r.referenceCustomer,
      score: latest && explained(latest.period, latest.result),
    };
  });

  return {
    id: chain.id,
    name: chain.name,
    description: chain.description,
    focal: { id: chain.focalId, name: chain.focalName },
    upstream: views.filter((v) => v.customer.id === chain.focalId),
    downstream: views.filter((v) => v.provider.id === chain.focalId),
    other: views.filter((v) => v.customer.id !== chain.focalId && v.provider.id !== chain.focalId),
  };
}
