/**
 * The levels of the default importance model, one spec line per digiMensa
 * source statement (the data behind DIGIMENSA_MODEL in importance-model.ts).
 */
import type { FactorKey } from "./factors";
import type { ImportanceCondition, ImportanceDimension, ImportanceLevel, ImportanceLevelRow } from "./importance-model";

type RowSpec = readonly [
  factor: FactorKey,
  dimension: ImportanceDimension,
  condition: ImportanceCondition,
  levels: Readonly<Record<string, ImportanceLevel>>,
  sourceFi: string,
  sourceEn: string,
];

// One spec line per source statement; a statement covering several values
// expands into one row per value. Wording is from the digiMensa slides (000/001).
const SPEC: readonly RowSpec[] = [
  // individuality
  [
    "individuality",
    "size",
    "base",
    { micro: 3, small: 3 },
    "Pienissä yrityksissä yksilöllisyys korostuu koko digipalvelun toimituksen ajan (front end – back end).",
    "In small firms individuality is emphasised throughout the delivery of the digital service (front end to back end).",
  ],
  [
    "individuality",
    "size",
    "base",
    { medium: 2, large: 2 },
    "Suurissa yrityksissä yksilöllisyys korostuu valikoitujen referenssiasiakkaiden kohdalla.",
    "In large firms individuality is emphasised only for selected reference customers; otherwise it is important.",
  ],
  [
    "individuality",
    "size",
    "reference_customer",
    { medium: 3, large: 3 },
    "Suurissa yrityksissä yksilöllisyys korostuu valikoitujen referenssiasiakkaiden kohdalla.",
    "In large firms individuality is emphasised for selected reference customers.",
  ],
  [
    "individuality",
    "maturity",
    "base",
    { early: 1, developing: 2, mature: 3 },
    "Digipalvelujen yksilöllisyys lisääntyy asiakassuhteen kehittymisen myötä.",
    "The individuality of digital services grows as the customer relationship develops.",
  ],
  [
    "individuality",
    "diversity",
    "base",
    { uniform: 1, mixed: 2, diverse: 3 },
    "Asiakkuuksien monipuolisuus tarkoittaa yleisesti myös yksilöllisempää ja räätälöidympää palvelua; riippuu palvelun luonteesta.",
    "A diverse portfolio generally also means more individual, more tailored service; it depends on the nature of the service.",
  ],
  // trust
  ["trust", "size", "base", { micro: 3, small: 3 }, "Pienissä yrityksissä luottamuksen rakentaminen korostuu.", "In small firms building trust is emphasised."],
  [
    "trust",
    "size",
    "base",
    { medium: 2, large: 2 },
    "Pienissä yrityksissä luottamuksen rakentaminen korostuu; suuremmille se on tärkeää.",
    "Building trust is emphasised in small firms; for larger firms it is important.",
  ],
  [
    "trust",
    "maturity",
    "base",
    { early: 3, developing: 3, mature: 3 },
    "Luottamus on edellytyksenä pitkäkestoisen asiakassuhteen rakentamiselle.",
    "Trust is a prerequisite for building a long-lasting customer relationship.",
  ],
  [
    "trust",
    "diversity",
    "base",
    { uniform: 1 },
    "Yhtenäisten/räätälöimättömien tuotteiden kohdalla luottamuksen rakentaminen ei korostu.",
    "For uniform, untailored products building trust is not emphasised.",
  ],
  [
    "trust",
    "diversity",
    "base",
    { mixed: 2, diverse: 3 },
    "Asiakkuuksien monipuolisuus vaatii luottamuksen rakentamista, koska asiakkaiden tarpeet ja toiveet vaihtelevat.",
    "A diverse portfolio requires building trust because customers' needs and wishes vary.",
  ],
  // compensation
  [
    "compensation",
    "size",
    "base",
    { micro: 1, small: 1 },
    "Pienet yritykset eivät näe korvausta merkittäväksi.",
    "Small firms do not see compensation as significant.",
  ],
  [
    "compensation",
    "size",
    "base",
    { medium: 2 },
    "Pienet yritykset eivät näe merkittäväksi, suuret yritykset kokevat tärkeänä; keskisuurille se on tärkeää.",
    "Small firms do not see it as significant and large firms value it; for medium-sized firms it is important.",
  ],
  ["compensation", "size", "base", { large: 3 }, "Suuret yritykset kokevat korvauksen tärkeänä.", "Large firms consider compensation important."],
  [
    "compensation",
    "maturity",
    "base",
    { early: 3, developing: 2, mature: 1 },
    "Käytetään tavallisesti asiakassuhteen alkuvaiheessa.",
    "Usually used at the start of the customer relationship.",
  ],
  [
    "compensation",
    "diversity",
    "base",
    { uniform: 3, mixed: 2, diverse: 1 },
    "Hyödyllistä yhtenäiselle asiakaskunnalle; enemmän arvostettu perustuotteiden/palveluiden (vähän räätälöityjen) yhteydessä.",
    "Useful for a uniform customer base; valued more with basic (little-tailored) products and services.",
  ],
  // new_business
  [
    "new_business",
    "size",
    "base",
    { micro: 2, small: 2, medium: 2, large: 2 },
    "Palveluntarjoajan koolla ei merkitystä.",
    "The provider's size does not matter.",
  ],
  [
    "new_business",
    "maturity",
    "base",
    { early: 1, developing: 2, mature: 3 },
    "Asiakassuhteen kypsyessä asiakkaat ovat halukkaampia jakamaan saatuja hyötyjä.",
    "As the relationship matures, customers are more willing to share the gains obtained.",
  ],
  [
    "new_business",
    "diversity",
    "base",
    { uniform: 1, mixed: 2, diverse: 3 },
    "Monipuolisempi asiakaskunta johtaa kilpailun vähenemiseen ja motivoi tiedon jakamiseen.",
    "A more diverse customer base leads to less competition and motivates sharing knowledge.",
  ],
  // knowledge
  [
    "knowledge",
    "size",
    "base",
    { micro: 3, small: 3, medium: 3, large: 3 },
    "Tiedon lisääminen on tärkeää kaiken kokoisille yrityksille.",
    "Increasing knowledge is important for firms of every size.",
  ],
  [
    "knowledge",
    "maturity",
    "base",
    { early: 3, developing: 3, mature: 3 },
    "Tiedon lisääminen on tärkeää kaiken kokoisille yrityksille, asiakassuhteen kypsyydestä riippumatta.",
    "Increasing knowledge is important for everyone, whatever the maturity of the relationship.",
  ],
  [
    "knowledge",
    "diversity",
    "base",
    { uniform: 3, mixed: 3, diverse: 3 },
    "Tiedon lisääminen on tärkeää kaiken kokoisille yrityksille, palveluiden monipuolisuudesta riippumatta.",
    "Increasing knowledge is important for everyone, whatever the diversity of the portfolio.",
  ],
  // selling
  [
    "selling",
    "size",
    "base",
    { micro: 3, small: 3 },
    "Palveluntarjoajan kyky myydä on merkittävää pienille yrityksille.",
    "The provider's ability to sell is significant for small firms.",
  ],
  [
    "selling",
    "size",
    "base",
    { medium: 2, large: 2 },
    "Merkittävää pienille yrityksille; tärkeää muille.",
    "Significant for small firms; important for others.",
  ],
  [
    "selling",
    "maturity",
    "base",
    { early: 2, developing: 2, mature: 2 },
    "Merkittävää start-upeille; tärkeää muille.",
    "Significant for start-ups; important for others.",
  ],
  [
    "selling",
    "maturity",
    "startup",
    { early: 3, developing: 3, mature: 3 },
    "Palveluntarjoajan kyky myydä on merkittävää start-upeille.",
    "The provider's ability to sell is significant for start-ups.",
  ],
  [
    "selling",
    "diversity",
    "base",
    { uniform: 2, mixed: 2 },
    "Kyky myydä on tärkeää; merkitys korostuu räätälöityjen palveluiden yhteydessä.",
    "The ability to sell is important; its significance grows with tailored services.",
  ],
  [
    "selling",
    "diversity",
    "base",
    { diverse: 3 },
    "Merkitys korostuu räätälöityjen palveluiden yhteydessä.",
    "Its significance is emphasised with tailored services.",
  ],
];

function expand(spec: readonly RowSpec[]): ImportanceLevelRow[] {
  return spec.flatMap(([factor, dimension, condition, levels, sourceFi, sourceEn]) =>
    Object.entries(levels).map(([value, level]) => Object.freeze({ factor, dimension, value, condition, level, sourceFi, sourceEn })),
  );
}

/** The default model's rows, each frozen: copy them to edit. */
export const DIGIMENSA_LEVELS: readonly ImportanceLevelRow[] = Object.freeze(expand(SPEC));
