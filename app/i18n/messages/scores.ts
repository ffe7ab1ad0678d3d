/** Score bands and their consequences: the legend, needs attention, action required, overdue and "my actions". */
export const en = {
  "score.band.poor": "Poor",
  "score.band.fair": "Fair",
  "score.band.good": "Good",
  "score.legend.title": "Score colours",
  "score.legend.version": "bands of model version {version}",
  "score.legend.range": "{min}–{max}",
  "chain.scoreLinkBand": "Score {score} ({band}), {period}: how it was computed",

  "attention.poor_score": "The score {score} ({period}) is in the lowest band, {band} ({min}–{max}).",
  "attention.poor_score_critical":
    "The score {score} ({period}) is in the lowest band, {band} ({min}–{max}), on a service of high or critical importance ({criticality}): the portfolio's critical-and-weak corner.",
  "attention.short.score_drop": "score fell",
  "attention.short.poor_score": "poor score",
  "attention.short.quiet": "no new data",
  "attention.short.perception_gap": "sides disagree",
  "attention.flagWithReasons": "Needs attention: {reasons}",

  "actionRequired.badge": "Action required",
  "actionRequired.title": "Development action required",
  "actionRequired.text":
    "The score {score} ({period}) is poor on a service of high or critical importance ({criticality}). Plan a development action for its weakest factor, {factor}. This stays until an open action for {factor} exists.",
  "actionRequired.short": "Plan an action for {factor}.",
  "actionRequired.plan": "Plan an action for {factor}",
  "actionRequired.readOnly": "People who can write for one of the parties can plan it.",

  "rel.priorities.plan": "Plan an action for this factor",
  "rel.priorities.planOf": "Plan an action for this factor: {factor}",
  "action.overdue": "Overdue",
  "action.prefilled": "The factor is filled in from the improvement priorities: {factor}.",

  "dash.dueReadOnlyIntro":
    "Your organisation has not submitted these assessments of {period} yet. You have read-only access: you can follow them, and your colleagues who assess submit them.",
  "dash.readOnly": "read-only",
  "dash.continueDraft": "Continue your draft: {name}",
  "dash.actions": "My actions",
  "dash.actionsIntro": "Open development actions owned by you or your organisation, earliest due first.",
  "dash.actionsNone": "No open actions for you or your organisation.",
  "dash.actionsOverdue": "{count, plural, one {# action is overdue.} other {# actions are overdue.}}",
  "dash.actionYours": "yours",
  "dash.actionOwner": "{owner} ({organisation})",
  "dash.actionDue": "due {date}",
  "dash.actionNoDue": "no due date",
  "dash.actionRequiredCount": "{count, plural, one {# relationship requires a development action.} other {# relationships require a development action.}}",

  "chain.needsAttention": "Needs attention",
  "portfolio.col.needsAttention": "Needs attention",
};

export const fi: Record<keyof typeof en, string> = {
  "score.band.poor": "Heikko",
  "score.band.fair": "Kohtalainen",
  "score.band.good": "Hyvä",
  "score.legend.title": "Pisteiden värit",
  "score.legend.version": "mallin version {version} rajat",
  "score.legend.range": "{min}–{max}",
  "chain.scoreLinkBand": "Pisteet {score} ({band}), {period}: näin ne laskettiin",

  "attention.poor_score": "Pisteet {score} ({period}) ovat alimmassa luokassa, {band} ({min}–{max}).",
  "attention.poor_score_critical":
    "Pisteet {score} ({period}) ovat alimmassa luokassa, {band} ({min}–{max}), ja palvelu on korkean tai kriittisen tärkeä ({criticality}): portfolion kriittinen ja heikko -kulma.",
  "attention.short.score_drop": "pisteet laskivat",
  "attention.short.poor_score": "heikot pisteet",
  "attention.short.quiet": "ei uutta tietoa",
  "attention.short.perception_gap": "osapuolten näkemykset eroavat",
  "attention.flagWithReasons": "Vaatii huomiota: {reasons}",

  "actionRequired.badge": "Toimenpide tarvitaan",
  "actionRequired.title": "Kehittämistoimenpide tarvitaan",
  "actionRequired.text":
    "Pisteet {score} ({period}) ovat heikot, ja palvelu on korkean tai kriittisen tärkeä ({criticality}). Suunnitelkaa kehittämistoimenpide heikoimmalle tekijälle: {factor}. Tämä näkyy, kunnes tekijälle {factor} on avoin toimenpide.",
  "actionRequired.short": "Suunnitelkaa toimenpide tekijälle {factor}.",
  "actionRequired.plan": "Suunnittele toimenpide: {factor}",
  "actionRequired.readOnly": "Toimenpiteen voi suunnitella osapuolen henkilö, jolla on kirjoitusoikeus.",

  "rel.priorities.plan": "Suunnittele toimenpide tälle tekijälle",
  "rel.priorities.planOf": "Suunnittele toimenpide tälle tekijälle: {factor}",
  "action.overdue": "Myöhässä",
  "action.prefilled": "Tekijä on täytetty kehittämisprioriteeteista: {factor}.",

  "dash.dueReadOnlyIntro":
    "Organisaatiosi ei ole vielä lähettänyt näitä neljänneksen {period} arviointeja. Sinulla on lukuoikeus: voit seurata niitä, ja arvioivat kollegasi lähettävät ne.",
  "dash.readOnly": "vain luku",
  "dash.continueDraft": "Jatka luonnostasi: {name}",
  "dash.actions": "Omat toimenpiteet",
  "dash.actionsIntro": "Sinun tai organisaatiosi avoimet kehittämistoimenpiteet, aikaisin määräpäivä ensin.",
  "dash.actionsNone": "Sinulla tai organisaatiollasi ei ole avoimia toimenpiteitä.",
  "dash.actionsOverdue": "{count, plural, one {# toimenpide on myöhässä.} other {# toimenpidettä on myöhässä.}}",
  "dash.actionYours": "sinun",
  "dash.actionOwner": "{owner} ({organisation})",
  "dash.actionDue": "määräpäivä {date}",
  "dash.actionNoDue": "ei määräpäivää",
  "dash.actionRequiredCount": "{count, plural, one {# suhde tarvitsee kehittämistoimenpiteen.} other {# suhdetta tarvitsee kehittämistoimenpiteen.}}",

  "chain.needsAttention": "Vaatii huomiota",
  "portfolio.col.needsAttention": "Vaatii huomiota",
};
