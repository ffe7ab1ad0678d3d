/**
 * The demo story as data: a Finnish online retailer, its six digital-service
 * suppliers and eight B2B end customers. Dates are given relative to asOf
 * (months/days ago) so the story stays believable whenever it is loaded;
 * demo.ts turns this into rows.
 */
import type {
  ActionPhase,
  ActionStatus,
  Criticality,
  Diversity,
  FactorKey,
  LifecycleReasonCategory,
  LifecycleStage,
  Maturity,
  MembershipRole,
} from "../../app/domain/factors";
import type { MetricDefinition } from "../../app/models/metric.server";

// ---------------------------------------------------------------- organisations

export type OrgKey =
  | "company"
  | "hosting"
  | "platform"
  | "analytics"
  | "custservice"
  | "payments"
  | "startup"
  | "rautapiste"
  | "kuntokeskus"
  | "tilapalvelut"
  | "koulutus"
  | "rakennus"
  | "hotelli"
  | "kiinteisto"
  | "osuuskauppa";

export type OrgSpec = {
  key: OrgKey;
  part: "focal" | "supplier" | "end_customer";
  name: string;
  /** Seven made-up digits; the check digit is computed (business-id.ts). */
  sevenDigits: string;
  city: string;
  headcount: number;
  turnoverEur: number;
  balanceSheetEur: number;
  /** Founding year = asOf's year minus this. */
  foundedYearsAgo: number;
  description: string;
};

const M = 1_000_000;

export const ORGANISATIONS: readonly OrgSpec[] = [
  {
    key: "company",
    part: "focal",
    name: "Pohjolan Verkkokauppa Oy",
    sevenDigits: "2734519",
    city: "Tampere",
    headcount: 180,
    turnoverEur: 42.5 * M,
    balanceSheetEur: 17.8 * M,
    foundedYearsAgo: 17,
    description: "Suomalainen verkkokauppa, joka myy työ-, urheilu- ja kotitarvikkeita kuluttajille ja yrityksille.",
  },
  // Suppliers -> company
  {
    key: "hosting",
    part: "supplier",
    name: "Kalevan Pilvipalvelut Oyj",
    sevenDigits: "1589342",
    city: "Espoo",
    headcount: 640,
    turnoverEur: 148 * M,
    balanceSheetEur: 96 * M,
    foundedYearsAgo: 27,
    description: "Kotimainen pilvi- ja konesalipalveluiden tarjoaja, jolla on 24/7-valvomo.",
  },
  {
    key: "platform",
    part: "supplier",
    name: "Verkkotaito Oy",
    sevenDigits: "2096417",
    city: "Helsinki",
    headcount: 120,
    turnoverEur: 16.4 * M,
    balanceSheetEur: 7.1 * M,
    foundedYearsAgo: 19,
    description: "Verkkokauppa-alustojen suunnittelu, toteutus ja jatkokehitys.",
  },
  {
    key: "analytics",
    part: "supplier",
    name: "Datanäkö Oy",
    sevenDigits: "2618053",
    city: "Oulu",
    headcount: 24,
    turnoverEur: 3.1 * M,
    balanceSheetEur: 1.4 * M,
    foundedYearsAgo: 12,
    description: "Asiakas- ja myyntidatan analytiikkaa ja raportointia pk-yrityksille.",
  },
  {
    key: "custservice",
    part: "supplier",
    name: "Asiakaspalvelu Aalto Oy",
    sevenDigits: "2381776",
    city: "Lahti",
    headcount: 85,
    turnoverEur: 5.8 * M,
    balanceSheetEur: 2.3 * M,
    foundedYearsAgo: 14,
    description: "Ulkoistettua asiakaspalvelua chatissa, puhelimessa ja sähköpostissa.",
  },
  {
    key: "payments",
    part: "supplier",
    name: "Maksuvirta Oyj",
    sevenDigits: "1876203",
    city: "Helsinki",
    headcount: 310,
    turnoverEur: 76 * M,
    balanceSheetEur: 61 * M,
    foundedYearsAgo: 23,
    description: "Maksunvälitys- ja kassaratkaisut verkkokaupoille ja myymälöille.",
  },
  {
    key: "startup",
    part: "supplier",
    name: "Kipinä AI Oy",
    sevenDigits: "3312460",
    city: "Turku",
    headcount: 6,
    turnoverEur: 0.42 * M,
    balanceSheetEur: 0.31 * M,
    foundedYearsAgo: 2,
    description: "Start-up, joka tekee tekoälyyn perustuvia tuotesuosituksia verkkokaupoille.",
  },
  // Company -> end customers (B2B buyers)
  {
    key: "rautapiste",
    part: "end_customer",
    name: "Rautapiste Kaupat Oy",
    sevenDigits: "0948215",
    city: "Jyväskylä",
    headcount: 140,
    turnoverEur: 38 * M,
    balanceSheetEur: 15 * M,
    foundedYearsAgo: 34,
    description: "Rautakauppaketju, jolla on 14 myymälää Keski-Suomessa.",
  },
  {
    key: "kuntokeskus",
    part: "end_customer",
    name: "Kuntokeskus Voima Oy",
    sevenDigits: "2455108",
    city: "Kuopio",
    headcount: 35,
    turnoverEur: 4.2 * M,
    balanceSheetEur: 2.1 * M,
    foundedYearsAgo: 11,
    description: "Kuntosaliketju, jolla on yhdeksän salia Itä-Suomessa.",
  },
  {
    key: "tilapalvelut",
    part: "end_customer",
    name: "Järvikaupungin Tilapalvelut Oy",
    sevenDigits: "2187934",
    city: "Hämeenlinna",
    headcount: 210,
    turnoverEur: 31 * M,
    balanceSheetEur: 44 * M,
    foundedYearsAgo: 16,
    description: "Kaupungin kokonaan omistama kiinteistö- ja tilapalveluyhtiö.",
  },
  {
    key: "koulutus",
    part: "end_customer",
    name: "Koulutuskeskus Sampo Oy",
    sevenDigits: "2012648",
    city: "Seinäjoki",
    headcount: 48,
    turnoverEur: 6.5 * M,
    balanceSheetEur: 3.2 * M,
    foundedYearsAgo: 20,
    description: "Ammatillisen aikuiskoulutuksen järjestäjä Etelä-Pohjanmaalla.",
  },
  {
    key: "rakennus",
    part: "end_customer",
    name: "Rakennusliike Harjula Oy",
    sevenDigits: "2276541",
    city: "Vantaa",
    headcount: 95,
    turnoverEur: 24 * M,
    balanceSheetEur: 11 * M,
    foundedYearsAgo: 18,
    description: "Asuin- ja toimitilarakentaja pääkaupunkiseudulla.",
  },
  {
    key: "hotelli",
    part: "end_customer",
    name: "Hotelli Saimaanranta Oy",
    sevenDigits: "1763390",
    city: "Savonlinna",
    headcount: 42,
    turnoverEur: 5.1 * M,
    balanceSheetEur: 8.4 * M,
    foundedYearsAgo: 29,
    description: "Kylpylähotelli Saimaan rannalla.",
  },
  {
    key: "kiinteisto",
    part: "end_customer",
    name: "Kiinteistöhuolto Pihlaja Oy",
    sevenDigits: "3098872",
    city: "Lappeenranta",
    headcount: 8,
    turnoverEur: 0.85 * M,
    balanceSheetEur: 0.4 * M,
    foundedYearsAgo: 9,
    description: "Paikallinen kiinteistöhuoltoyritys Etelä-Karjalassa.",
  },
  {
    key: "osuuskauppa",
    part: "end_customer",
    name: "Kauppaosuuskunta Pohjanmaa",
    sevenDigits: "0215573",
    city: "Vaasa",
    headcount: 1150,
    turnoverEur: 420 * M,
    balanceSheetEur: 210 * M,
    foundedYearsAgo: 68,
    description: "Alueellinen osuuskauppa: päivittäistavara-, rauta- ja liikennemyymälöitä.",
  },
];

// ------------------------------------------------------------------- people

export type UserKey =
  | "admin"
  | "mikko"
  | "laura"
  | "tuomas"
  | "emilia"
  | "sari"
  | "johanna"
  | "olli"
  | "petri"
  | "antti"
  | "hanna"
  | "riikka"
  | "jari"
  | "ville"
  | "kari"
  | "tiina"
  | "matti"
  | "paivi"
  | "juha"
  | "leena";

export type UserSpec = {
  key: UserKey;
  email: string;
  name: string;
  org: OrgKey | null;
  role: MembershipRole | null;
  platformAdmin?: boolean;
  /** Set on the six listed demo logins: the short description shown with them. */
  demoRole?: string;
};

/** The first six are the demo logins, in the order they are listed. */
export const USERS: readonly UserSpec[] = [
  { key: "admin", email: "admin@portaali.example", name: "Aino Virtanen", org: null, role: null, platformAdmin: true, demoRole: "Administrator" },
  { key: "mikko", email: "staff@verkkokauppa.example", name: "Mikko Heinonen", org: "company", role: "staff", demoRole: "Company staff" },
  { key: "laura", email: "lead@verkkokauppa.example", name: "Laura Koskinen", org: "company", role: "project_lead", demoRole: "Project lead" },
  {
    key: "tuomas",
    email: "admin@kalevanpilvi.example",
    name: "Tuomas Niemi",
    org: "hosting",
    role: "org_admin",
    demoRole: "Supplier A admin (large hosting provider)",
  },
  { key: "emilia", email: "staff@kipina.example", name: "Emilia Lehtonen", org: "startup", role: "staff", demoRole: "Supplier B staff (micro start-up)" },
  { key: "sari", email: "staff@rautapiste.example", name: "Sari Mäkelä", org: "rautapiste", role: "staff", demoRole: "End-customer staff" },
  // Further people (same password), so several sides have more than one assessor.
  { key: "johanna", email: "johanna.laine@verkkokauppa.example", name: "Johanna Laine", org: "company", role: "org_admin" },
  { key: "olli", email: "olli.vaisanen@verkkokauppa.example", name: "Olli Väisänen", org: "company", role: "viewer" },
  { key: "petri", email: "petri.salonen@kalevanpilvi.example", name: "Petri Salonen", org: "hosting", role: "staff" },
  { key: "antti", email: "antti.korhonen@verkkotaito.example", name: "Antti Korhonen", org: "platform", role: "org_admin" },
  { key: "hanna", email: "hanna.jokinen@datanako.example", name: "Hanna Jokinen", org: "analytics", role: "org_admin" },
  { key: "riikka", email: "riikka.hamalainen@aaltopalvelu.example", name: "Riikka Hämäläinen", org: "custservice", role: "staff" },
  { key: "jari", email: "jari.nieminen@maksuvirta.example", name: "Jari Nieminen", org: "payments", role: "staff" },
  { key: "ville", email: "ville.ojala@kipina.example", name: "Ville Ojala", org: "startup", role: "org_admin" },
  { key: "kari", email: "kari.lindholm@rautapiste.example", name: "Kari Lindholm", org: "rautapiste", role: "org_admin" },
  { key: "tiina", email: "tiina.rantanen@kuntovoima.example", name: "Tiina Rantanen", org: "kuntokeskus", role: "staff" },
  { key: "matti", email: "matti.laaksonen@tilapalvelut.example", name: "Matti Laaksonen", org: "tilapalvelut", role: "staff" },
  { key: "paivi", email: "paivi.karjalainen@sampokoulutus.example", name: "Päivi Karjalainen", org: "koulutus", role: "staff" },
  { key: "juha", email: "juha.mattila@harjula.example", name: "Juha Mattila", org: "rakennus", role: "staff" },
  { key: "leena", email: "leena.salo@saimaanranta.example", name: "Leena Salo", org: "hotelli", role: "staff" },
];

/** A personal tilt added to every score an assessor gives (some are stricter). */
export const ASSESSOR_BIAS: Partial<Record<UserKey, number>> = {
  laura: -0.25,
  johanna: 0.1,
  petri: -0.15,
  kari: 0.2,
  ville: 0.15,
};

// -------------------------------------------------------------------- chain

export const CHAIN = {
  name: "Verkkokaupan palveluketju",
  description:
    "Pohjolan Verkkokaupan digitaalinen palveluketju: ylläpito, alusta, analytiikka, asiakaspalvelu, maksut ja tuotesuositukset toimittajilta; B2B-asiakkaina rauta-, liikunta-, rakennus- ja julkisen sektorin organisaatioita.",
};

// ------------------------------------------------------------ relationships

export type RelKey =
  | "hosting"
  | "platform"
  | "analytics"
  | "custservice"
  | "payments"
  | "startup"
  | "rautapiste"
  | "kuntokeskus"
  | "tilapalvelut"
  | "koulutus"
  | "rakennus"
  | "hotelli"
  | "kiinteisto"
  | "osuuskauppa";

/** A date relative to the relationship's start date or to asOf, in days. */
export type DateRef = { from: "start" | "asOf"; days: number };

export type LifecycleEventSpec = {
  to: LifecycleStage;
  at: DateRef;
  reason: LifecycleReasonCategory;
  note: string;
  by: UserKey;
};

/** A factor's plan: a base level (1..5 scale, before noise), or not applicable. */
export type FactorPlan = number | "na" | { base: number; noise: number };

export type AssessorPlan = {
  user: UserKey;
  /** Quarter offsets this assessor assesses (0 = latest completed quarter); default all. */
  quarters?: readonly number[];
};

export type SidePlan = {
  assessors: readonly AssessorPlan[];
  factors: Readonly<Record<FactorKey, FactorPlan>>;
  /** Change per quarter, oldest to newest. */
  slope?: number;
  /** Extra change by quarter offset (0 = latest completed, -1 = the current, draft quarter). */
  shifts?: Readonly<Record<number, Partial<Record<FactorKey, number>>>>;
  /** Evidence notes that tell the story, by quarter offset; they replace the generic notes. */
  notes?: Readonly<Record<number, Partial<Record<FactorKey, string>>>>;
  /** Quarter offsets in which this side gave no assessment. */
  skip?: readonly number[];
  /** Drafts in the current quarter: who, and which factors they have filled in so far. */
  drafts?: ReadonlyArray<{ user: UserKey; factors: readonly FactorKey[] }>;
};

/** How well the relationship runs month by month (0 bad .. 1 good); drives the measurements. */
export type HealthCurve = { kind: "linear"; from: number; to: number } | { kind: "late_drop" };

export type MetricProfile = {
  /** Active users of the service at the start of the window, and growth over the window (0.2 = +20 %). */
  activeUsers: number;
  activeUsersGrowth: number;
  /** Cost per order in EUR when the relationship runs badly / well. */
  costPerOrder: readonly [bad: number, good: number];
  /** Supplier relationships: the company's ROI of the service in %, bad / good. */
  roi?: readonly [bad: number, good: number];
  /** End-customer relationships: CLV in EUR at good health, and orders per month. */
  clv?: number;
  ordersPerMonth?: number;
};

export type RelationshipSpec = {
  key: RelKey;
  provider: OrgKey;
  customer: OrgKey;
  service: string;
  /** Start date = asOf minus these months and days. */
  startMonthsAgo: number;
  startExtraDays: number;
  stage: LifecycleStage;
  diversity: Diversity;
  criticality: Criticality;
  referenceCustomer: boolean;
  maturityOverride?: { maturity: Maturity; note: string };
  /** The lifecycle history, oldest first; the last event's stage is the current stage. */
  events: readonly LifecycleEventSpec[];
  health?: HealthCurve;
  metrics?: MetricProfile;
  assessment?: { provider: SidePlan; customer: SidePlan };
};

export const RELATIONSHIPS: readonly RelationshipSpec[] = [
  // ---------------------------------------------------------------- suppliers
  {
    key: "hosting",
    provider: "hosting",
    customer: "company",
    service: "Pilvipalvelut ja ylläpito",
    startMonthsAgo: 72,
    startExtraDays: 10,
    stage: "active",
    diversity: "mixed",
    criticality: "critical",
    referenceCustomer: true,
    events: [
      {
        to: "suspect",
        at: { from: "start", days: -150 },
        reason: "other",
        by: "johanna",
        note: "Oma palvelinsali ei kestänyt kampanjapiikkejä; kartoitettiin pilvikumppaneita.",
      },
      {
        to: "prospect",
        at: { from: "start", days: -100 },
        reason: "why_started",
        by: "johanna",
        note: "Kalevan Pilvi näytti referenssit vastaavista verkkokaupoista ja tarjosi 24/7-valvonnan.",
      },
      {
        to: "new",
        at: { from: "start", days: 0 },
        reason: "why_started",
        by: "johanna",
        note: "Siirto omalta palvelinsalilta pilveen; ratkaisevaa olivat valvonta ja kotimainen konesali.",
      },
      {
        to: "active",
        at: { from: "start", days: 190 },
        reason: "why_commits",
        by: "johanna",
        note: "Ensimmäinen joulusesonki ilman katkoja – jatkosopimus kolmeksi vuodeksi, meistä tuli heidän referenssiasiakkaansa.",
      },
    ],
    health: { kind: "late_drop" },
    metrics: { activeUsers: 84000, activeUsersGrowth: 0.12, costPerOrder: [0.95, 0.55], roi: [5, 45] },
    assessment: {
      customer: {
        assessors: [{ user: "mikko" }, { user: "laura", quarters: [0, 1, 2] }],
        factors: { individuality: 3.8, trust: 4.4, compensation: 3.3, new_business: 3.2, knowledge: 3.7, selling: 3.4 },
        shifts: {
          1: { trust: -1.3, knowledge: -0.5 },
          0: { trust: -2.5, knowledge: -1.5, individuality: -1.0, new_business: -0.8, compensation: -0.8 },
          [-1]: { trust: -1.8, knowledge: -0.8, individuality: -0.5 },
        },
        notes: {
          1: {
            trust: "Ensimmäinen pidempi käyttökatkos; korjaus kesti yli SLA-ajan.",
            knowledge: "Häiriöraportti tuli vasta pyytämällä.",
          },
          0: {
            trust: "Kaksi pitkää käyttökatkosta kampanjaviikolla, eikä niistä tiedotettu ajoissa.",
            knowledge: "Juurisyyanalyysiä ei ole vielä jaettu meille.",
            individuality: "Referenssiasiakkaan erityiskohtelu ei näkynyt häiriötilanteissa.",
            compensation: "SLA-hyvitykset kiistanalaisia, neuvottelu kesken.",
          },
          [-1]: { trust: "Luottamus palautumassa hitaasti; uusi häiriöprosessi on vasta luonnos." },
        },
        drafts: [{ user: "laura", factors: ["individuality", "trust", "knowledge"] }],
      },
      provider: {
        assessors: [{ user: "tuomas" }, { user: "petri", quarters: [0, 1, 2, 4] }],
        factors: { individuality: 3.9, trust: 4.2, compensation: 3.6, new_business: 3.7, knowledge: 3.5, selling: 3.7 },
        shifts: {
          1: { trust: -0.8 },
          0: { trust: -1.9, knowledge: -1.0, compensation: -1.3, new_business: -0.7 },
        },
        notes: {
          0: {
            trust: "Asiakas eskaloi suoraan johdolle ja vaatii sanktioita; yhteinen tilannekuva puuttuu.",
            compensation: "Asiakas vaatii hyvityksiä myös SLA:n ulkopuolisista häiriöistä.",
          },
        },
      },
    },
  },
  {
    key: "platform",
    provider: "platform",
    customer: "company",
    service: "Verkkokauppa-alustan kehitys",
    startMonthsAgo: 28,
    startExtraDays: 5,
    stage: "active",
    diversity: "diverse",
    criticality: "high",
    referenceCustomer: false,
    events: [
      {
        to: "prospect",
        at: { from: "start", days: -75 },
        reason: "why_started",
        by: "laura",
        note: "Vanha kauppa-alusta tuli elinkaarensa päähän; tarjouspyyntö kolmelle toimittajalle.",
      },
      {
        to: "new",
        at: { from: "start", days: 0 },
        reason: "why_started",
        by: "laura",
        note: "Verkkotaito voitti kilpailutuksen räätälöitävyydellä ja B2B-osaamisella.",
      },
      {
        to: "active",
        at: { from: "start", days: 150 },
        reason: "why_commits",
        by: "laura",
        note: "B2B-kassan julkaisu onnistui; siirryttiin jatkuvaan kehitykseen kahden viikon sprinteissä.",
      },
    ],
    health: { kind: "linear", from: 0.6, to: 0.74 },
    metrics: { activeUsers: 140, activeUsersGrowth: 0.15, costPerOrder: [1.6, 1.0], roi: [10, 55] },
    assessment: {
      customer: {
        assessors: [{ user: "mikko" }, { user: "johanna", quarters: [0, 1, 3] }],
        factors: {
          individuality: 4.0,
          trust: 3.6,
          compensation: 3.0,
          new_business: 3.8,
          knowledge: { base: 2.2, noise: 0.5 },
          selling: 3.5,
        },
        notes: {
          0: { knowledge: "Raportit ovat teknisiä; emme tiedä, miksi julkaisut viivästyvät." },
          1: { knowledge: "Sprinttidemoissa ei kerrota riskeistä etukäteen." },
        },
      },
      provider: {
        assessors: [{ user: "antti" }],
        factors: {
          individuality: 4.1,
          trust: 3.8,
          compensation: 3.2,
          new_business: 4.0,
          knowledge: { base: 4.4, noise: 0.8 },
          selling: 3.6,
        },
        notes: {
          0: { knowledge: "Jaamme sprinttiraportit ja demoamme joka toinen viikko." },
          1: { knowledge: "Tiedonjako toimii: yhteinen backlog ja viikkopalaveri." },
        },
      },
    },
  },
  {
    key: "analytics",
    provider: "analytics",
    customer: "company",
    service: "Asiakasanalytiikka ja raportointi",
    startMonthsAgo: 51,
    startExtraDays: 12,
    stage: "active",
    diversity: "mixed",
    criticality: "medium",
    referenceCustomer: false,
    maturityOverride: {
      maturity: "developing",
      note: "Palvelu uusittiin kokonaan reilu vuosi sitten (uusi tietoalusta ja tiimi); suhdetta arvioidaan kehittyvänä, vaikka sopimus on vanha.",
    },
    events: [
      {
        to: "suspect",
        at: { from: "start", days: -60 },
        reason: "other",
        by: "johanna",
        note: "Tunnistettiin tarve yhdistää verkkokaupan ja asiakaspalvelun data.",
      },
      {
        to: "new",
        at: { from: "start", days: 0 },
        reason: "why_started",
        by: "johanna",
        note: "Pieni ja ketterä toimittaja, joka ymmärsi verkkokaupan datan heti.",
      },
      {
        to: "active",
        at: { from: "start", days: 120 },
        reason: "why_commits",
        by: "johanna",
        note: "Ensimmäiset myyntiennusteet osuivat; yhteistyö laajeni johdon raportointiin.",
      },
    ],
    health: { kind: "linear", from: 0.72, to: 0.78 },
    metrics: { activeUsers: 38, activeUsersGrowth: 0.2, costPerOrder: [0.35, 0.2], roi: [15, 70] },
    assessment: {
      customer: {
        assessors: [{ user: "johanna" }],
        factors: { individuality: 3.6, trust: 4.0, compensation: 3.4, new_business: 3.3, knowledge: 4.3, selling: 3.0 },
        slope: 0.05,
      },
      provider: {
        assessors: [{ user: "hanna" }],
        factors: { individuality: 3.8, trust: 4.1, compensation: 3.6, new_business: 3.5, knowledge: 3.9, selling: 3.4 },
        slope: 0.04,
      },
    },
  },
  {
    key: "custservice",
    provider: "custservice",
    customer: "company",
    service: "Asiakaspalvelun ulkoistus (chat ja puhelin)",
    startMonthsAgo: 20,
    startExtraDays: 3,
    stage: "active",
    diversity: "uniform",
    criticality: "medium",
    referenceCustomer: false,
    events: [
      {
        to: "suspect",
        at: { from: "start", days: -90 },
        reason: "other",
        by: "mikko",
        note: "Oma asiakaspalvelu ei jaksanut iltaisin ja viikonloppuisin; jonot kasvoivat.",
      },
      {
        to: "prospect",
        at: { from: "start", days: -45 },
        reason: "why_started",
        by: "mikko",
        note: "Aalto tarjosi valmiin chat-mallin ja kiinteän kuukausihinnan.",
      },
      { to: "new", at: { from: "start", days: 0 }, reason: "why_started", by: "mikko", note: "Aloitettiin iltojen ja viikonloppujen chatista." },
      {
        to: "active",
        at: { from: "start", days: 200 },
        reason: "why_commits",
        by: "mikko",
        note: "Chatin ratkaisuaste nousi tavoitteeseen; palvelu laajennettiin puhelimeen.",
      },
    ],
    health: { kind: "linear", from: 0.45, to: 0.75 },
    metrics: { activeUsers: 6200, activeUsersGrowth: 0.25, costPerOrder: [2.4, 1.5], roi: [0, 35] },
    assessment: {
      customer: {
        assessors: [{ user: "mikko" }],
        factors: { individuality: 2.8, trust: 3.4, compensation: 3.8, new_business: 2.5, knowledge: 3.0, selling: 2.9 },
        slope: 0.1,
      },
      provider: {
        assessors: [{ user: "riikka" }],
        factors: { individuality: 3.2, trust: 3.6, compensation: 3.3, new_business: 2.8, knowledge: 3.1, selling: 3.2 },
        slope: 0.06,
      },
    },
  },
  {
    key: "payments",
    provider: "payments",
    customer: "company",
    service: "Maksunvälitys ja kassapalvelut",
    startMonthsAgo: 60,
    startExtraDays: 20,
    stage: "active",
    diversity: "uniform",
    criticality: "critical",
    referenceCustomer: false,
    events: [
      { to: "prospect", at: { from: "start", days: -60 }, reason: "why_started", by: "johanna", note: "Haettiin yhtä kumppania kaikille maksutavoille." },
      { to: "new", at: { from: "start", days: 0 }, reason: "why_started", by: "johanna", note: "Kattavat maksutavat ja kiinteä transaktiohinta ratkaisivat." },
      {
        to: "active",
        at: { from: "start", days: 90 },
        reason: "why_commits",
        by: "johanna",
        note: "Kassan konversio parani; sitouduttiin kolmen vuoden sopimukseen.",
      },
    ],
    health: { kind: "linear", from: 0.84, to: 0.86 },
    metrics: { activeUsers: 31000, activeUsersGrowth: 0.08, costPerOrder: [0.9, 0.62], roi: [20, 60] },
    assessment: {
      customer: {
        assessors: [{ user: "johanna" }, { user: "laura", quarters: [0] }],
        factors: { individuality: 2.9, trust: 4.5, compensation: 3.7, new_business: 2.8, knowledge: 3.4, selling: 3.1 },
      },
      provider: {
        assessors: [{ user: "jari" }],
        factors: { individuality: 3.0, trust: 4.4, compensation: 3.9, new_business: 3.0, knowledge: 3.2, selling: 3.3 },
      },
    },
  },
  {
    key: "startup",
    provider: "startup",
    customer: "company",
    service: "Tekoälypohjaiset tuotesuositukset",
    startMonthsAgo: 8,
    startExtraDays: 4,
    stage: "active",
    diversity: "diverse",
    criticality: "medium",
    referenceCustomer: false,
    events: [
      {
        to: "suspect",
        at: { from: "start", days: -70 },
        reason: "other",
        by: "laura",
        note: "Tapasimme Kipinän startup-tapahtumassa; tekoälysuositukset kiinnostivat.",
      },
      { to: "prospect", at: { from: "start", days: -35 }, reason: "why_started", by: "laura", note: "Pilottitarjous, jossa maksu sidotaan tuloksiin." },
      { to: "new", at: { from: "start", days: 0 }, reason: "why_started", by: "laura", note: "Pilotti käynnistyi urheilukategoriassa." },
      {
        to: "active",
        at: { from: "start", days: 120 },
        reason: "why_commits",
        by: "laura",
        note: "Pilotissa keskiostos nousi selvästi; suositukset laajennettiin koko valikoimaan.",
      },
    ],
    health: { kind: "linear", from: 0.6, to: 0.9 },
    metrics: { activeUsers: 9000, activeUsersGrowth: 1.6, costPerOrder: [0.4, 0.15], roi: [20, 140] },
    assessment: {
      customer: {
        assessors: [{ user: "laura" }],
        factors: {
          individuality: { base: 4.9, noise: 0.3 },
          trust: 3.9,
          compensation: "na",
          new_business: 4.2,
          knowledge: 3.8,
          selling: { base: 4.9, noise: 0.3 },
        },
        notes: {
          0: {
            individuality: "Suositusmalli viritettiin meidän valikoimallemme – ei valmispaketti.",
            selling: "Osaavat osoittaa hyödyn luvuin: keskiostos nousi pilotissa.",
            compensation: "Ei sovellu: tulosperusteisessa sopimuksessa ei ole hyvityskäytäntöä.",
          },
        },
      },
      provider: {
        assessors: [{ user: "emilia" }, { user: "ville", quarters: [0] }],
        factors: {
          individuality: { base: 4.75, noise: 0.5 },
          trust: 4.0,
          compensation: "na",
          new_business: 4.1,
          knowledge: 3.5,
          selling: { base: 4.75, noise: 0.5 },
        },
        notes: {
          0: { compensation: "Ei sovellu: hinnoittelu on tulosperusteinen." },
        },
        drafts: [{ user: "emilia", factors: ["individuality", "trust", "compensation", "new_business", "knowledge", "selling"] }],
      },
    },
  },
  // ------------------------------------------------------------ end customers
  {
    key: "rautapiste",
    provider: "company",
    customer: "rautapiste",
    service: "B2B-verkkokauppa: työmaa- ja myymälätarvikkeet",
    startMonthsAgo: 42,
    startExtraDays: 8,
    stage: "active",
    diversity: "mixed",
    criticality: "high",
    referenceCustomer: true,
    events: [
      {
        to: "suspect",
        at: { from: "start", days: -120 },
        reason: "other",
        by: "mikko",
        note: "Rautapiste etsi yhtä toimittajaa myymälöiden täydennystilauksiin.",
      },
      {
        to: "prospect",
        at: { from: "start", days: -60 },
        reason: "why_started",
        by: "mikko",
        note: "Esittelimme B2B-tilausportaalin ja seuraavan päivän toimitukset.",
      },
      {
        to: "new",
        at: { from: "start", days: 0 },
        reason: "why_started",
        by: "mikko",
        note: "Aloitettiin kolmella myymälällä; syynä toimitusvarmuus ja sähköinen laskutus.",
      },
      {
        to: "active",
        at: { from: "start", days: 150 },
        reason: "why_commits",
        by: "laura",
        note: "Sopimus laajeni koko ketjuun; Rautapiste lupautui referenssiasiakkaaksemme.",
      },
    ],
    health: { kind: "linear", from: 0.75, to: 0.86 },
    metrics: { activeUsers: 320, activeUsersGrowth: 0.1, costPerOrder: [14, 8.5], clv: 420000, ordersPerMonth: 1400 },
    assessment: {
      customer: {
        assessors: [{ user: "sari" }, { user: "kari", quarters: [0, 1] }],
        factors: { individuality: 4.0, trust: 4.2, compensation: 3.5, new_business: 3.6, knowledge: 3.7, selling: 3.8 },
        slope: 0.04,
        drafts: [{ user: "sari", factors: ["individuality", "trust", "compensation", "selling"] }],
      },
      provider: {
        assessors: [{ user: "mikko" }, { user: "laura", quarters: [0, 2, 4] }],
        factors: { individuality: 4.1, trust: 4.3, compensation: 3.4, new_business: 3.9, knowledge: 3.8, selling: 4.0 },
        slope: 0.03,
      },
    },
  },
  {
    key: "kuntokeskus",
    provider: "company",
    customer: "kuntokeskus",
    service: "Urheilu- ja kuntosalitarvikkeiden sopimustoimitukset",
    startMonthsAgo: 15,
    startExtraDays: 2,
    stage: "active",
    diversity: "mixed",
    criticality: "medium",
    referenceCustomer: false,
    events: [
      {
        to: "prospect",
        at: { from: "start", days: -40 },
        reason: "why_started",
        by: "mikko",
        note: "Kuntokeskus kilpailutti salitarvikkeet; tarjosimme kiinteät sopimushinnat.",
      },
      { to: "new", at: { from: "start", days: 0 }, reason: "why_started", by: "mikko", note: "Aloitettiin kahden salin tilauksilla." },
      { to: "active", at: { from: "start", days: 120 }, reason: "why_commits", by: "mikko", note: "Toinen tilauskierros laajeni kaikille yhdeksälle salille." },
    ],
    health: { kind: "linear", from: 0.55, to: 0.75 },
    metrics: { activeUsers: 45, activeUsersGrowth: 0.3, costPerOrder: [18, 11], clv: 95000, ordersPerMonth: 210 },
    assessment: {
      customer: {
        assessors: [{ user: "tiina" }],
        factors: { individuality: 3.5, trust: 3.7, compensation: 3.2, new_business: 3.0, knowledge: 3.1, selling: 3.5 },
        slope: 0.08,
        skip: [2],
      },
      provider: {
        assessors: [{ user: "mikko" }],
        factors: { individuality: 3.6, trust: 3.8, compensation: 3.0, new_business: 3.3, knowledge: 2.8, selling: 3.4 },
        slope: 0.06,
      },
    },
  },
  {
    key: "tilapalvelut",
    provider: "company",
    customer: "tilapalvelut",
    service: "Sähköinen hankintaportaali: toimisto- ja kiinteistötarvikkeet",
    startMonthsAgo: 30,
    startExtraDays: 15,
    stage: "passivating",
    diversity: "uniform",
    criticality: "high",
    referenceCustomer: false,
    events: [
      {
        to: "prospect",
        at: { from: "start", days: -90 },
        reason: "why_started",
        by: "laura",
        note: "Hankintailmoitus sähköisestä tilausportaalista; jätimme tarjouksen.",
      },
      { to: "new", at: { from: "start", days: 0 }, reason: "why_started", by: "laura", note: "Voitimme kilpailutuksen hinnalla ja toimitusajalla." },
      {
        to: "active",
        at: { from: "start", days: 100 },
        reason: "why_commits",
        by: "laura",
        note: "Kaikki kohteet siirtyivät portaaliin; laskutus yhdistettiin kuukausilaskuksi.",
      },
      {
        to: "passivating",
        at: { from: "asOf", days: -120 },
        reason: "why_drifting",
        by: "laura",
        note: "Tilausmäärät laskevat; kaupunki valmistelee keskitettyä hankintaa ja uutta kilpailutusta.",
      },
    ],
    health: { kind: "linear", from: 0.75, to: 0.35 },
    metrics: { activeUsers: 180, activeUsersGrowth: -0.35, costPerOrder: [16, 10], clv: 310000, ordersPerMonth: 640 },
    assessment: {
      customer: {
        assessors: [{ user: "matti" }],
        factors: { individuality: 3.9, trust: 4.0, compensation: 3.8, new_business: 3.2, knowledge: 3.5, selling: 3.4 },
        slope: -0.3,
        shifts: { 0: { trust: -0.4 } },
        notes: { 0: { trust: "Hankintalaki edellyttää kilpailutusta; sopimus on päättymässä." } },
      },
      provider: {
        assessors: [{ user: "laura" }],
        factors: { individuality: 3.8, trust: 3.9, compensation: 3.5, new_business: 3.3, knowledge: 3.4, selling: 3.6 },
        slope: -0.22,
        notes: { 0: { new_business: "Asiakas ei halua kuulla uusista palveluista ennen kilpailutusta." } },
        drafts: [{ user: "laura", factors: ["trust", "new_business", "knowledge"] }],
      },
    },
  },
  {
    key: "koulutus",
    provider: "company",
    customer: "koulutus",
    service: "Opetusteknologian ja tarvikkeiden hankinnat",
    startMonthsAgo: 48,
    startExtraDays: 25,
    stage: "passive",
    diversity: "uniform",
    criticality: "low",
    referenceCustomer: false,
    events: [
      { to: "new", at: { from: "start", days: 0 }, reason: "why_started", by: "johanna", note: "Oppilaitos halusi tilata opetustarvikkeet yhdestä paikasta." },
      { to: "active", at: { from: "start", days: 120 }, reason: "why_commits", by: "johanna", note: "Vuosisopimus ja oma tilausnäkymä opettajille." },
      { to: "passivating", at: { from: "asOf", days: -420 }, reason: "why_drifting", by: "johanna", note: "Budjettileikkausten jälkeen tilaukset harvenivat." },
      {
        to: "passive",
        at: { from: "asOf", days: -150 },
        reason: "why_drifting",
        by: "johanna",
        note: "Ei tilauksia kahteen kuukauteen; yhteyshenkilö vaihtui eikä uusi ole vastannut.",
      },
    ],
    health: { kind: "linear", from: 0.45, to: 0.15 },
    metrics: { activeUsers: 60, activeUsersGrowth: -0.6, costPerOrder: [22, 13], clv: 60000, ordersPerMonth: 120 },
    assessment: {
      customer: {
        assessors: [{ user: "paivi" }],
        factors: { individuality: 2.8, trust: 3.0, compensation: 3.3, new_business: 2.2, knowledge: 2.5, selling: 2.4 },
        slope: -0.12,
      },
      provider: {
        assessors: [{ user: "johanna" }],
        factors: { individuality: 2.9, trust: 3.1, compensation: 3.0, new_business: 2.3, knowledge: 2.4, selling: 2.6 },
        slope: -0.1,
      },
    },
  },
  {
    key: "rakennus",
    provider: "company",
    customer: "rakennus",
    service: "Työmaatarvikkeiden pikatoimitukset",
    startMonthsAgo: 5,
    startExtraDays: 6,
    stage: "new",
    diversity: "mixed",
    criticality: "medium",
    referenceCustomer: false,
    events: [
      {
        to: "suspect",
        at: { from: "start", days: -80 },
        reason: "other",
        by: "mikko",
        note: "Harjula tilasi kuluttajapuolelta työmaalle; huomasimme yritysasiakkaan.",
      },
      {
        to: "prospect",
        at: { from: "start", days: -40 },
        reason: "why_started",
        by: "mikko",
        note: "Tarjosimme B2B-tunnukset ja laskutuksen työmaakohtaisesti.",
      },
      { to: "new", at: { from: "start", days: 0 }, reason: "why_started", by: "mikko", note: "Työmaiden pikatoimitukset seuraavaksi aamuksi ratkaisivat." },
    ],
    health: { kind: "linear", from: 0.5, to: 0.66 },
    metrics: { activeUsers: 40, activeUsersGrowth: 0.8, costPerOrder: [15, 9.5], clv: 120000, ordersPerMonth: 260 },
    assessment: {
      customer: {
        assessors: [{ user: "juha" }],
        factors: { individuality: 3.6, trust: 3.4, compensation: 3.9, new_business: 3.0, knowledge: 3.2, selling: 3.8 },
      },
      provider: {
        assessors: [{ user: "mikko" }],
        factors: { individuality: 3.5, trust: 3.3, compensation: 3.5, new_business: 3.6, knowledge: 3.0, selling: 3.9 },
      },
    },
  },
  {
    key: "hotelli",
    provider: "company",
    customer: "hotelli",
    service: "Hotellitarvikkeiden kestotilaukset",
    startMonthsAgo: 84,
    startExtraDays: 0,
    stage: "ended",
    diversity: "uniform",
    criticality: "low",
    referenceCustomer: false,
    events: [
      {
        to: "new",
        at: { from: "start", days: 0 },
        reason: "why_started",
        by: "johanna",
        note: "Hotelli tilasi hygienia- ja siivoustarvikkeet kestotilauksena.",
      },
      {
        to: "active",
        at: { from: "start", days: 90 },
        reason: "why_commits",
        by: "johanna",
        note: "Kestotilaus toimi ilman säätöä; laajennettiin aamiaistarvikkeisiin.",
      },
      {
        to: "passivating",
        at: { from: "asOf", days: -1090 },
        reason: "why_drifting",
        by: "johanna",
        note: "Hotelli liittyi ketjuun, jonka pääkonttori alkoi keskittää hankintoja.",
      },
      {
        to: "ended",
        at: { from: "asOf", days: -790 },
        reason: "why_ended",
        by: "johanna",
        note: "Ketju valitsi yhteisen toimittajan; sopimus päättyi sovussa, ovi jäi auki.",
      },
    ],
  },
  {
    key: "kiinteisto",
    provider: "company",
    customer: "kiinteisto",
    service: "Huoltotarvikkeiden verkkotilaukset (tarjousvaihe)",
    startMonthsAgo: 3,
    startExtraDays: 3,
    stage: "prospect",
    diversity: "uniform",
    criticality: "low",
    referenceCustomer: false,
    events: [
      { to: "suspect", at: { from: "start", days: 0 }, reason: "other", by: "mikko", note: "Yhteydenotto verkkosivujen B2B-lomakkeella." },
      {
        to: "prospect",
        at: { from: "asOf", days: -30 },
        reason: "why_started",
        by: "mikko",
        note: "Tarjous lähetetty; asiakas vertailee kahta toimittajaa toimitusnopeuden perusteella.",
      },
    ],
  },
  {
    key: "osuuskauppa",
    provider: "company",
    customer: "osuuskauppa",
    service: "B2B-verkkokauppa myymäläverkostolle (kartoitus)",
    startMonthsAgo: 1,
    startExtraDays: 5,
    stage: "suspect",
    diversity: "diverse",
    criticality: "high",
    referenceCustomer: false,
    events: [
      {
        to: "suspect",
        at: { from: "start", days: 0 },
        reason: "other",
        by: "laura",
        note: "Tunnistettiin messuilla mahdolliseksi suurasiakkaaksi; ensimmäinen tapaaminen sovittu.",
      },
    ],
  },
];

// --------------------------------------------------------------- metrics

export type MetricKey =
  | "on_time_delivery"
  | "quality_incidents"
  | "resolution_time"
  | "customer_satisfaction"
  | "nps"
  | "active_users"
  | "retention"
  | "churn"
  | "clv"
  | "roi"
  | "cost_per_order"
  | "availability"
  | "joint_meetings"
  | "b2b_orders"
  | "margin";

/** A metric definition as the story writes it (the app's MetricDefinition without ids). */
export type MetricSpec = Omit<MetricDefinition, "id" | "key" | "ownerOrganisationId" | "minValue" | "maxValue"> & {
  key: MetricKey;
  /** The focal company's own metric (null owner = shared catalogue). */
  ownedByCompany?: boolean;
  /** Allowed values, where the unit alone does not say (a percentage is 0–100 unless given). */
  minValue?: number;
  maxValue?: number;
};

/** A spec's columns of metric_definitions; the loader adds the owner. */
export function metricColumnsOf({ ownedByCompany: _owner, minValue, maxValue, ...spec }: MetricSpec) {
  return { ...spec, minValue: minValue ?? null, maxValue: maxValue ?? null };
}

export const METRICS: readonly MetricSpec[] = [
  {
    key: "on_time_delivery",
    nameFi: "Toimitusvarmuus",
    nameEn: "On-time delivery",
    unit: "%",
    direction: "higher_better",
    aggregation: "mean",
    target: 95,
    category: "delivery",
    factor: "trust",
  },
  {
    key: "quality_incidents",
    nameFi: "Laatupoikkeamat",
    nameEn: "Quality incidents",
    unit: "count",
    direction: "lower_better",
    aggregation: "sum",
    target: 2,
    minValue: 0,
    category: "quality",
    factor: "trust",
  },
  {
    key: "resolution_time",
    nameFi: "Ratkaisuaika",
    nameEn: "Resolution time",
    unit: "h",
    direction: "lower_better",
    aggregation: "mean",
    target: 8,
    minValue: 0,
    category: "service",
    factor: "individuality",
  },
  {
    key: "customer_satisfaction",
    nameFi: "Asiakastyytyväisyys",
    nameEn: "Customer satisfaction",
    unit: "1-5",
    direction: "higher_better",
    aggregation: "mean",
    target: 4.2,
    minValue: 1,
    maxValue: 5,
    category: "customer",
    factor: "individuality",
  },
  {
    key: "nps",
    nameFi: "Suositteluindeksi (NPS)",
    nameEn: "Net Promoter Score",
    unit: "points",
    direction: "higher_better",
    aggregation: "mean",
    target: 40,
    minValue: -100,
    maxValue: 100,
    category: "customer",
    factor: "selling",
  },
  {
    key: "active_users",
    nameFi: "Aktiiviset käyttäjät",
    nameEn: "Active users",
    unit: "count",
    direction: "higher_better",
    aggregation: "last",
    target: null,
    minValue: 0,
    category: "usage",
    factor: "new_business",
  },
  {
    key: "retention",
    nameFi: "Asiakaspysyvyys",
    nameEn: "Retention rate",
    unit: "%",
    direction: "higher_better",
    aggregation: "mean",
    target: 90,
    category: "customer",
    factor: "trust",
  },
  {
    key: "churn",
    nameFi: "Asiakaspoistuma",
    nameEn: "Churn rate",
    unit: "%",
    direction: "lower_better",
    aggregation: "mean",
    target: 10,
    category: "customer",
    factor: "trust",
  },
  {
    key: "clv",
    nameFi: "Asiakkaan elinkaariarvo (CLV)",
    nameEn: "Customer lifetime value",
    unit: "EUR",
    direction: "higher_better",
    aggregation: "last",
    target: null,
    category: "finance",
    factor: "new_business",
  },
  {
    key: "roi",
    nameFi: "Sijoitetun pääoman tuotto (ROI)",
    nameEn: "Return on investment",
    unit: "%",
    direction: "higher_better",
    aggregation: "mean",
    target: 30,
    minValue: -100,
    maxValue: 1000,
    category: "finance",
    factor: "compensation",
  },
  {
    key: "cost_per_order",
    nameFi: "Tilauskohtainen kustannus (CPO)",
    nameEn: "Cost per order",
    unit: "EUR",
    direction: "lower_better",
    aggregation: "mean",
    target: null,
    minValue: 0,
    category: "finance",
    factor: "compensation",
  },
  {
    key: "availability",
    nameFi: "Palvelun käytettävyys",
    nameEn: "Service availability",
    unit: "%",
    direction: "higher_better",
    aggregation: "mean",
    target: 99.9,
    category: "delivery",
    factor: "trust",
  },
  {
    key: "joint_meetings",
    nameFi: "Yhteiset kehityspalaverit",
    nameEn: "Joint development meetings",
    unit: "count",
    direction: "higher_better",
    aggregation: "sum",
    target: 2,
    minValue: 0,
    category: "collaboration",
    factor: "knowledge",
  },
  {
    key: "margin",
    nameFi: "Myyntikate",
    nameEn: "Gross margin",
    unit: "EUR",
    direction: "higher_better",
    aggregation: "sum",
    target: null,
    category: "finance",
    factor: "new_business",
  },
  {
    key: "b2b_orders",
    ownedByCompany: true,
    nameFi: "B2B-tilausmäärä",
    nameEn: "B2B order volume",
    unit: "count",
    direction: "higher_better",
    aggregation: "sum",
    target: null,
    minValue: 0,
    category: "sales",
    factor: "new_business",
  },
];

/** Which metrics are recorded on a relationship, and by which side. */
export const SUPPLIER_METRICS: ReadonlyArray<{ key: MetricKey; by: "provider" | "customer" }> = [
  { key: "on_time_delivery", by: "customer" },
  { key: "quality_incidents", by: "customer" },
  { key: "resolution_time", by: "provider" },
  // The supplier's own survey of the people using its service.
  { key: "customer_satisfaction", by: "provider" },
  { key: "availability", by: "provider" },
  { key: "active_users", by: "provider" },
  { key: "roi", by: "customer" },
  { key: "cost_per_order", by: "customer" },
  { key: "joint_meetings", by: "customer" },
];

export const END_CUSTOMER_METRICS: ReadonlyArray<{ key: MetricKey; by: "provider" | "customer" }> = [
  { key: "customer_satisfaction", by: "provider" },
  { key: "nps", by: "provider" },
  { key: "retention", by: "provider" },
  { key: "churn", by: "provider" },
  { key: "clv", by: "provider" },
  { key: "on_time_delivery", by: "provider" },
  { key: "quality_incidents", by: "provider" },
  { key: "cost_per_order", by: "provider" },
  { key: "active_users", by: "provider" },
  { key: "b2b_orders", by: "provider" },
  // The company's margin on the customer's orders, per month: the m of CLV on /metrics/kpi.
  { key: "margin", by: "provider" },
];

// ------------------------------------------------------------ sharing grants

export type GrantSpec = {
  grantor: OrgKey;
  metric: MetricKey | null;
  relationship: RelKey | null;
  audience: "counterpart" | "organisation" | "chain" | "chain_upstream" | "chain_downstream";
  grantee?: OrgKey;
  onChain?: boolean;
  note: string;
  by: UserKey;
  grantedDaysAgo: number;
  revokedDaysAgo?: number;
  revokedBy?: UserKey;
};

export const GRANTS: readonly GrantSpec[] = [
  {
    grantor: "company",
    metric: "customer_satisfaction",
    relationship: null,
    audience: "chain_upstream",
    onChain: true,
    by: "laura",
    grantedDaysAgo: 160,
    note: "Loppuasiakkaiden tyytyväisyys toimittajien nähtäväksi – erityisesti ylläpitokumppanille, jonka häiriöt näkyvät asiakkaille.",
  },
  {
    grantor: "company",
    metric: "nps",
    relationship: null,
    audience: "chain_upstream",
    onChain: true,
    by: "laura",
    grantedDaysAgo: 160,
    note: "Loppuasiakkaiden NPS toimittajille; palvelun laatu näkyy ketjun päässä.",
  },
  {
    grantor: "company",
    metric: null,
    relationship: "startup",
    audience: "counterpart",
    by: "laura",
    grantedDaysAgo: 200,
    note: "Pilotin kaikki mittarit avoimesti Kipinän kanssa.",
  },
  {
    grantor: "company",
    metric: "on_time_delivery",
    relationship: "rautapiste",
    audience: "counterpart",
    by: "mikko",
    grantedDaysAgo: 300,
    note: "Referenssiasiakas näkee toimitusvarmuutemme.",
  },
  {
    grantor: "custservice",
    metric: "resolution_time",
    relationship: "custservice",
    audience: "organisation",
    grantee: "company",
    by: "riikka",
    grantedDaysAgo: 240,
    note: "Ratkaisuajat kuukausittain asiakkaalle.",
  },
  {
    grantor: "hosting",
    metric: "availability",
    relationship: "hosting",
    audience: "organisation",
    grantee: "company",
    by: "tuomas",
    grantedDaysAgo: 400,
    note: "Käytettävyysraportti SLA-seurantaa varten.",
  },
  {
    grantor: "company",
    metric: "cost_per_order",
    relationship: null,
    audience: "chain",
    onChain: true,
    by: "mikko",
    grantedDaysAgo: 75,
    revokedDaysAgo: 73,
    revokedBy: "laura",
    note: "Jaettu vahingossa koko ketjulle – peruttu heti, sisältää hinnoittelutietoa.",
  },
];

// ----------------------------------------------------- development actions

export type ActionSpec = {
  relationship: RelKey;
  title: string;
  description: string;
  factor: FactorKey | null;
  phase: ActionPhase;
  owner: UserKey;
  createdBy: UserKey;
  status: ActionStatus;
  createdDaysAgo: number;
  /** Due date relative to asOf (negative: in the past). */
  dueInDays: number;
  completedDaysAgo?: number;
  outcome?: string;
};

export const ACTIONS: readonly ActionSpec[] = [
  {
    relationship: "hosting",
    title: "Juurisyyanalyysi viime kvartaalin käyttökatkoista",
    description: "Kalevan Pilvi selvittää kampanjaviikon katkosten syyt ja esittää korjaavat toimet.",
    factor: "trust",
    phase: "measurement",
    owner: "tuomas",
    createdBy: "laura",
    status: "done",
    createdDaysAgo: 45,
    dueInDays: -12,
    completedDaysAgo: 14,
    outcome: "Syy löytyi kuormantasaajan virheellisestä skaalausrajasta; raja nostettu ja hälytys lisätty.",
  },
  {
    relationship: "hosting",
    title: "Yhteinen häiriötiedotteiden prosessi",
    description: "Sovitaan, kuka tiedottaa, mitä kanavaa käytetään ja kuinka nopeasti tiedote lähtee häiriön alettua.",
    factor: "trust",
    phase: "touchpoint_design",
    owner: "petri",
    createdBy: "laura",
    status: "in_progress",
    createdDaysAgo: 40,
    dueInDays: 21,
  },
  {
    relationship: "platform",
    title: "Riskikatsaus jokaiseen sprinttidemoon",
    description:
      "Perception gap tiedon jakamisessa: toimittaja kokee jakavansa paljon, me koemme saavamme vähän. Lisätään demoon riskit ja viiveet selkokielellä.",
    factor: "knowledge",
    phase: "continuous_learning",
    owner: "laura",
    createdBy: "laura",
    status: "planned",
    createdDaysAgo: 20,
    dueInDays: 30,
  },
  {
    relationship: "startup",
    title: "Suositusten vaikutuksen mittaus A/B-testillä",
    description: "Puolet kävijöistä näkee tekoälysuositukset, puolet vanhat suositukset; verrataan keskiostosta.",
    factor: "selling",
    phase: "measurement",
    owner: "emilia",
    createdBy: "laura",
    status: "done",
    createdDaysAgo: 150,
    dueInDays: -90,
    completedDaysAgo: 95,
    outcome: "Keskiostos nousi testiryhmässä 8 %; tulos jaettiin johtoryhmälle ja laajennus hyväksyttiin.",
  },
  {
    relationship: "rautapiste",
    title: "B2B-tilaajan ostopolun kartoitus",
    description: "Haastatellaan Rautapisteen myymäläpäälliköitä: missä kohtaa tilaaminen takkuaa?",
    factor: "individuality",
    phase: "service_path_research",
    owner: "mikko",
    createdBy: "mikko",
    status: "done",
    createdDaysAgo: 210,
    dueInDays: -150,
    completedDaysAgo: 155,
    outcome: "Kolme kipupistettä: toistuvat tilauslistat, laskujen kohdistus myymälöille ja toimitusaikaikkunat.",
  },
  {
    relationship: "rautapiste",
    title: "Avainasiakasohjelma: neljännesvuosikatsaukset",
    description: "Neljännesvuosittainen katsaus Rautapisteen kanssa: mittarit, arviot ja yhteiset kehitysideat.",
    factor: "new_business",
    phase: "customer_programme",
    owner: "laura",
    createdBy: "laura",
    status: "in_progress",
    createdDaysAgo: 120,
    dueInDays: 40,
  },
  {
    relationship: "tilapalvelut",
    title: "Asiakkuuden jatkosuunnitelma ennen kilpailutusta",
    description: "Selvitetään kaupungin tulevan kilpailutuksen kriteerit ja tehdään ehdotus yhteistyön jatkamisesta.",
    factor: "trust",
    phase: "customer_programme",
    owner: "laura",
    createdBy: "laura",
    status: "in_progress",
    createdDaysAgo: 60,
    // Past its due date: the demo shows an overdue action on home and on the relationship page.
    dueInDays: -6,
  },
  {
    relationship: "koulutus",
    title: "Uudelleenaktivointikampanja oppilaitokselle",
    description: "Tarjotaan lukuvuoden alkuun koottu opetustarvikepaketti ja tavataan uusi yhteyshenkilö.",
    factor: "selling",
    phase: "touchpoint_design",
    owner: "johanna",
    createdBy: "johanna",
    status: "cancelled",
    createdDaysAgo: 140,
    dueInDays: -60,
    outcome: "Peruttu: oppilaitos keskitti hankinnat kuntayhtymän sopimukseen, uutta yhteyshenkilöä ei saatu kiinni.",
  },
  {
    relationship: "custservice",
    title: "Chatin kosketuspisteiden uudistus",
    description: "Chat-ikkunaan tilauksen tila ja palautusohjeet, jotta yleisimmät kysymykset ratkeavat ilman jonoa.",
    factor: "individuality",
    phase: "touchpoint_design",
    owner: "riikka",
    createdBy: "mikko",
    status: "planned",
    createdDaysAgo: 10,
    dueInDays: 60,
  },
  {
    relationship: "payments",
    title: "Maksutapakohtainen kuukausiraportti",
    description: "Maksuvirta toimittaa kuukausittain maksutapakohtaiset hylkäys- ja kustannusluvut.",
    factor: "compensation",
    phase: "measurement",
    owner: "jari",
    createdBy: "johanna",
    status: "done",
    createdDaysAgo: 180,
    dueInDays: -100,
    completedDaysAgo: 110,
    outcome: "Raportti käytössä; paljastui, että yksi maksutapa maksoi kolminkertaisesti – siirretty alemmaksi kassalla.",
  },
  {
    relationship: "kuntokeskus",
    title: "Salien palautekyselyn käyttöönotto",
    description: "Kuntokeskus kerää salien henkilökunnalta palautteen toimituksista kerran kuussa.",
    factor: "knowledge",
    phase: "service_path_research",
    owner: "tiina",
    createdBy: "mikko",
    status: "planned",
    createdDaysAgo: 25,
    dueInDays: 45,
  },
  {
    relationship: "analytics",
    title: "Neljännesvuoden opit: mitä data kertoi",
    description: "Kerran neljännesvuodessa yhteinen työpaja, jossa käydään läpi ennusteiden osumat ja hudit.",
    factor: null,
    phase: "continuous_learning",
    owner: "hanna",
    createdBy: "johanna",
    status: "done",
    createdDaysAgo: 100,
    dueInDays: -35,
    completedDaysAgo: 38,
    outcome: "Ennustevirhe pieneni; sovittiin, että sesonkiennusteeseen lisätään säädata.",
  },
];

// ------------------------------------------------------------ decision log

/** Small weekly decisions (source 004: 52 a year add up), logged by either party. */
export type DecisionSpec = {
  relationship: RelKey;
  daysAgo: number;
  title: string;
  note?: string;
  factor: FactorKey | null;
  by: UserKey;
};

export const DECISIONS: readonly DecisionSpec[] = [
  {
    relationship: "hosting",
    daysAgo: 52,
    title: "Häiriöistä tiedotetaan 15 minuutissa",
    note: "Tiedote lähtee yhteiseen kanavaan, vaikka syy ei olisi vielä selvillä.",
    factor: "trust",
    by: "laura",
  },
  { relationship: "hosting", daysAgo: 38, title: "Kampanjaviikoille lisäkapasiteetti varataan kuukautta etukäteen", factor: "trust", by: "tuomas" },
  {
    relationship: "hosting",
    daysAgo: 17,
    title: "Viikkopalaveriin lisätään häiriökatsaus",
    note: "Käydään läpi edellisen viikon hälytykset ja niiden syyt.",
    factor: "knowledge",
    by: "mikko",
  },
  { relationship: "hosting", daysAgo: 4, title: "SLA-hyvityksistä sovitaan neljännesvuosikatsauksessa", factor: "compensation", by: "tuomas" },
  { relationship: "platform", daysAgo: 25, title: "Sprinttidemossa kerrotaan riskit ja viiveet ensin", factor: "knowledge", by: "laura" },
  { relationship: "platform", daysAgo: 11, title: "B2B-kassan jatkokehitys priorisoidaan ennen joulua", factor: "new_business", by: "antti" },
  {
    relationship: "startup",
    daysAgo: 30,
    title: "Suositukset laajennetaan kodin tuotteisiin",
    note: "A/B-testin tulos riitti päätökseen.",
    factor: "selling",
    by: "laura",
  },
  { relationship: "rautapiste", daysAgo: 21, title: "Toistuvat tilauslistat tallennetaan myymälöittäin", factor: "individuality", by: "mikko" },
  { relationship: "rautapiste", daysAgo: 6, title: "Laskut kohdistetaan myymälän kustannuspaikalle", factor: "compensation", by: "kari" },
];

// --------------------------------------------------------- evidence notes

type NotePool = Readonly<Record<FactorKey, Readonly<Record<"low" | "mid" | "high", readonly string[]>>>>;

/** The customer side rates the provider. */
export const CUSTOMER_NOTES: NotePool = {
  individuality: {
    high: [
      "Palvelu on räätälöity tarpeisiimme ja ehdotukset osuvat.",
      "Yhteyshenkilö tuntee liiketoimintamme hyvin.",
      "Ratkaisut sovitetaan meidän prosesseihimme.",
    ],
    mid: ["Perustarpeet huomioidaan, räätälöinti vaatii pyytämistä.", "Osa ratkaisuista on vakiopaketteja."],
    low: ["Saamme vakiopalvelua, erityistarpeet eivät mene läpi.", "Yhteyshenkilöt vaihtuvat ja taustat pitää kertoa aina uudelleen."],
  },
  trust: {
    high: ["Lupaukset pitävät ja ongelmista kerrotaan avoimesti.", "Sovitut asiat hoituvat ilman muistuttelua."],
    mid: ["Pääosin luotettava, pari lupausta venyi.", "Luottamus on hyvä, mutta tiedottamisessa on parannettavaa."],
    low: ["Sovitut asiat eivät toteudu, joudumme tarkistamaan kaiken.", "Ongelmista kuultiin vasta jälkikäteen."],
  },
  compensation: {
    high: ["Hinnoittelu on reilu ja volyymialennus toteutuu.", "Hyvitykset hoidettiin pyytämättä."],
    mid: ["Hinnoittelu kohtuullinen, hyvityksistä pitää neuvotella erikseen.", "Alennusmalli on olemassa, mutta monimutkainen."],
    low: ["Hyvitykset viivästyivät ja laskuissa oli virheitä.", "Hinnoittelu ei joustanut, vaikka volyymi kasvoi."],
  },
  new_business: {
    high: ["Yhteinen uusi palvelu on suunnitteilla.", "Kumppani toi meille uuden asiakassegmentin."],
    mid: ["Ideoita on, mutta ne eivät ole edenneet.", "Uusista mahdollisuuksista keskusteltiin katsauksessa."],
    low: ["Ei yhteisiä kehityshankkeita tällä kaudella.", "Keskitytään vain nykyisen palvelun ylläpitoon."],
  },
  knowledge: {
    high: ["Kuukausiraportit ja yhteiset työpajat toimivat.", "Data ja havainnot jaetaan oma-aloitteisesti."],
    mid: ["Raportit tulevat, mutta tulkinta jää meille.", "Tietoa saa pyytämällä."],
    low: ["Tietoa ei jaeta, emme tiedä mitä heillä tapahtuu.", "Tärkeät muutokset tulivat yllätyksenä."],
  },
  selling: {
    high: ["Ehdotukset perustuvat tarpeisiimme; lisämyynti on aidosti hyödyllistä.", "Osaavat tuotteistaa ja perustella hyödyt."],
    mid: ["Myyntiote on asiallinen mutta geneerinen.", "Tarjoukset tulevat hitaasti."],
    low: ["Tarjoukset eivät vastaa tarpeitamme.", "Myynti ei tunne omaa tuotettaan."],
  },
};

/** The provider side rates the customer and the relationship from its end. */
export const PROVIDER_NOTES: NotePool = {
  individuality: {
    high: ["Asiakas kertoo tarpeensa tarkasti, joten räätälöinti onnistuu.", "Pääsemme mukaan asiakkaan suunnitteluun ajoissa."],
    mid: ["Tarpeet selviävät vasta projektin aikana.", "Räätälöintiin on halua, mutta määrittely venyy."],
    low: ["Asiakas haluaa vakiopalvelua eikä ehdi määrittelyyn.", "Emme tunne asiakkaan tarpeita riittävästi."],
  },
  trust: {
    high: ["Sopimukset ja maksut hoituvat sovitusti.", "Avoin keskustelu myös vaikeista asioista."],
    mid: ["Yhteistyö sujuu, mutta päätökset viipyvät.", "Luottamus on kohtuullinen, yhteyshenkilöitä vaihtuu."],
    low: ["Keskustelu on muuttunut muodolliseksi.", "Asiakas epäilee tietojamme ja tarkistuttaa kaiken."],
  },
  compensation: {
    high: ["Asiakas maksaa ajallaan ja hyväksyy indeksikorotukset.", "Hinnoittelu on molemmille reilu."],
    mid: ["Hintaneuvottelut vievät aikaa.", "Alennuksista keskustellaan joka kvartaali."],
    low: ["Asiakas vaatii hyvityksiä kaikista poikkeamista.", "Hintapaine on kova, kate ohenee."],
  },
  new_business: {
    high: ["Asiakas pyysi ehdotusta uudesta palvelusta.", "Yhteinen kehityshanke on käynnissä."],
    mid: ["Kiinnostusta on, mutta budjetti puuttuu.", "Ideoita on vaihdettu, päätöksiä ei vielä."],
    low: ["Asiakas ei ole kiinnostunut laajentamaan yhteistyötä.", "Ei uusia avauksia tällä kaudella."],
  },
  knowledge: {
    high: ["Asiakas jakaa myyntidatan ja ennusteet meille.", "Palaute tulee nopeasti ja rakentavasti."],
    mid: ["Tietoa saa, mutta viiveellä.", "Palautetta tulee lähinnä ongelmista."],
    low: ["Emme saa asiakkaalta palautetta emmekä dataa.", "Muutoksista kuulemme viimeisinä."],
  },
  selling: {
    high: ["Lisäpalveluiden tarjoaminen onnistuu, asiakas on vastaanottavainen.", "Asiakas suosittelee meitä ja toimii referenssinä."],
    mid: ["Tarjouksiin vastataan hitaasti.", "Asiakas kuuntelee, mutta ostaa harvoin lisää."],
    low: ["Asiakas ei ole avoin uusille tarjouksille.", "Tarjouksemme eivät ole osuneet."],
  },
};
