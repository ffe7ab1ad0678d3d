import { describe, expect, it } from 'vitest';
import {
  attentionReasons,
  largeGap,
  quiet,
  scoreDrop,
  type AttentionInput,
} from '../../app/domain/attention';
import { assessablePeriods, periodProblem, submissionProblems, type Answers } from '../../app/domain/assessment';
import { FACTORS } from '../../app/domain/factors';
import type { FactorPerformance } from '../../app/domain/scoring';

const NOW = '2026-Q4';
const flat = (p: number): FactorPerformance => Object.fromEntries(FACTORS.map((f) => [f, p]));

const BASE: AttentionInput = {
  currentQuarter: NOW,
  stage: 'active',
  startDate: '2022-03-01',
  scores: [
    { period: '2026-Q2', score: 70 },
    { period: '2026-Q3', score: 68 },
  ],
  sides: [{ period: '2026-Q3', provider: flat(4), customer: flat(4) }],
  lastSubmittedPeriod: '2026-Q3',
  lastMeasurementMonth: '2026-10',
};

describe('rule 1: the score fell by 10 points or more since the previous quarter', () => {
  it.each<[string, AttentionInput['scores'], null | { from: number; to: number; period: string }]>([
    ['a small fall', [{ period: '2026-Q2', score: 70 }, { period: '2026-Q3', score: 61 }], null],
    ['exactly 10 points', [{ period: '2026-Q2', score: 70 }, { period: '2026-Q3', score: 60 }], { from: 70, to: 60, period: '2026-Q3' }],
    ['10 points after rounding noise', [{ period: '2026-Q2', score: 57.5 }, { period: '2026-Q3', score: 47.5 }], { from: 57.5, to: 47.5, period: '2026-Q3' }],
    ['9.9 points', [{ period: '2026-Q2', score: 70 }, { period: '2026-Q3', score: 60.1 }], null],
    ['a rise', [{ period: '2026-Q2', score: 50 }, { period: '2026-Q3', score: 80 }], null],
    ['order of input does not matter', [{ period: '2026-Q3', score: 40 }, { period: '2026-Q2', score: 80 }], { from: 80, to: 40, period: '2026-Q3' }],
    // A missing quarter is missing, never zero: no comparison across a gap.
    ['previous quarter missing', [{ period: '2026-Q1', score: 90 }, { period: '2026-Q3', score: 40 }], null],
    ['previous quarter has no score', [{ period: '2026-Q2', score: null }, { period: '2026-Q3', score: 40 }], null],
    ['latest quarter without score is skipped', [{ period: '2026-Q2', score: 80 }, { period: '2026-Q3', score: 65 }, { period: '2026-Q4', score: null }], { from: 80, to: 65, period: '2026-Q3' }],
    ['the current quarter counts once scored', [{ period: '2026-Q3', score: 80 }, { period: '2026-Q4', score: 69 }], { from: 80, to: 69, period: '2026-Q4' }],
    ['a future quarter is ignored', [{ period: '2026-Q3', score: 80 }, { period: '2027-Q1', score: 20 }], null],
    ['no scores at all', [], null],
  ])('%s', (_name, scores, expected) => {
    const r = scoreDrop({ currentQuarter: NOW, scores });
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ kind: 'score_drop', ...expected, drop: expected.from - expected.to });
  });
});

describe('rule 2: no submitted assessment and no new measurement for two quarters', () => {
  it.each<[string, Partial<AttentionInput>, string | null | false]>([
    // false = not flagged; otherwise the reported last activity quarter (null = never)
    ['recent assessment and measurement', {}, false],
    ['assessment two quarters back is still recent', { lastSubmittedPeriod: '2026-Q2', lastMeasurementMonth: null }, false],
    ['measurement two quarters back is still recent', { lastSubmittedPeriod: null, lastMeasurementMonth: '2026-04' }, false],
    ['both three quarters back', { lastSubmittedPeriod: '2026-Q1', lastMeasurementMonth: '2026-03' }, '2026-Q1'],
    ['old assessment, newer but still old measurement', { lastSubmittedPeriod: '2025-Q3', lastMeasurementMonth: '2026-02' }, '2026-Q1'],
    ['old assessment, recent measurement', { lastSubmittedPeriod: '2025-Q3', lastMeasurementMonth: '2026-09' }, false],
    ['never any data', { lastSubmittedPeriod: null, lastMeasurementMonth: null }, null],
    ['never any data but started last quarter', { lastSubmittedPeriod: null, lastMeasurementMonth: null, startDate: '2026-08-15' }, false],
    ['started at the start of the quiet window', { lastSubmittedPeriod: null, lastMeasurementMonth: null, startDate: '2026-04-01' }, null],
    ['a prospect is not expected to have data', { stage: 'prospect', lastSubmittedPeriod: null, lastMeasurementMonth: null }, false],
    ['an ended relationship is not expected to have data', { stage: 'ended', lastSubmittedPeriod: null, lastMeasurementMonth: null }, false],
    ['a passive relationship is still watched', { stage: 'passive', lastSubmittedPeriod: '2025-Q4', lastMeasurementMonth: null }, '2025-Q4'],
  ])('%s', (_name, patch, expected) => {
    const r = quiet({ ...BASE, ...patch });
    if (expected === false) expect(r).toBeNull();
    else expect(r).toEqual({ kind: 'quiet', lastActivityPeriod: expected, sinceQuarters: 2 });
  });
});

describe('rule 3: the sides differ by 1.5 points or more on any factor', () => {
  it.each<[string, AttentionInput['sides'], null | { period: string; factors: Array<[string, number]> }]>([
    ['equal views', [{ period: '2026-Q3', provider: flat(4), customer: flat(4) }], null],
    ['a difference of 1.4', [{ period: '2026-Q3', provider: { ...flat(4), trust: 4.4 }, customer: { ...flat(4), trust: 3 } }], null],
    ['exactly 1.5, provider higher', [{ period: '2026-Q3', provider: { ...flat(3), knowledge: 4.5 }, customer: flat(3) }], { period: '2026-Q3', factors: [['knowledge', 1.5]] }],
    ['customer higher by 2 on two factors', [{ period: '2026-Q3', provider: { ...flat(3), trust: 2, selling: 1 }, customer: { ...flat(3), trust: 4, selling: 3 } }], { period: '2026-Q3', factors: [['trust', -2], ['selling', -2]] }],
    ['averaged assessors: 4.5 vs 3 (two assessors 4 and 5)', [{ period: '2026-Q3', provider: { ...flat(3), trust: (4 + 5) / 2 }, customer: flat(3) }], { period: '2026-Q3', factors: [['trust', 1.5]] }],
    ['a factor only one side scored is not a gap', [{ period: '2026-Q3', provider: { ...flat(3), compensation: 5 }, customer: { ...flat(3), compensation: null } }], null],
    ['only the latest quarter both sides assessed counts', [
      { period: '2026-Q2', provider: { ...flat(3), trust: 5 }, customer: flat(3) },
      { period: '2026-Q3', provider: flat(3), customer: flat(3) },
    ], null],
    ['a quarter with one side only is skipped', [
      { period: '2026-Q2', provider: { ...flat(3), trust: 5 }, customer: flat(3) },
      { period: '2026-Q3', provider: flat(3), customer: {} },
    ], { period: '2026-Q2', factors: [['trust', 2]] }],
    ['no assessments', [], null],
  ])('%s', (_name, sides, expected) => {
    const r = largeGap({ currentQuarter: NOW, sides });
    if (expected === null) expect(r).toBeNull();
    else expect(r).toEqual({ kind: 'perception_gap', period: expected.period, factors: expected.factors.map(([factor, gap]) => ({ factor, gap })) });
  });
});

describe('attentionReasons', () => {
  it('is empty for a healthy relationship', () => {
    expect(attentionReasons(BASE)).toEqual([]);
  });

  it('lists every rule that applies, in rule order', () => {
    const input: AttentionInput = {
      ...BASE,
      scores: [{ period: '2025-Q4', score: 75 }, { period: '2026-Q1', score: 50 }],
      sides: [{ period: '2026-Q1', provider: { ...flat(3), trust: 5 }, customer: flat(3) }],
      lastSubmittedPeriod: '2026-Q1',
      lastMeasurementMonth: '2026-01',
    };
    expect(attentionReasons(input).map((r) => r.kind)).toEqual(['score_drop', 'quiet', 'perception_gap']);
  });
});

describe('assessment rules', () => {
  const asOf = new Date('2026-11-22T12:00:00Z');
  it.each<[string, string, ReturnType<typeof periodProblem>]>([
    ['2026-Q4', '2020-01-01', null],
    ['2026-Q3', '2020-01-01', null],
    ['2027-Q1', '2020-01-01', 'future'],
    ['2026-Q5', '2020-01-01', 'malformed'],
    ['2026Q3', '2020-01-01', 'malformed'],
    ['', '2020-01-01', 'malformed'],
    ['2026-Q1', '2026-05-10', 'before_start'],
    ['2026-Q2', '2026-05-10', null],
  ])('period %j for a relationship started %s: %s', (period, start, expected) => {
    expect(periodProblem(period, start, asOf)).toBe(expected);
  });

  it('offers the quarters from now back to the start, newest first', () => {
    expect(assessablePeriods('2026-02-15', asOf)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1']);
    expect(assessablePeriods('2010-01-01', asOf, 3)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2']);
  });

  const full: Answers = Object.fromEntries(FACTORS.map((f) => [f, { score: 4, notApplicable: false, evidence: 'ok' }]));
  it.each<[string, Answers, string[]]>([
    ['complete', full, []],
    ['one not applicable with a note', { ...full, compensation: { score: null, notApplicable: true, evidence: 'no rebates' } }, []],
    ['a factor missing', { ...full, trust: undefined }, ['trust:missing_score']],
    ['a score without evidence', { ...full, selling: { score: 2, notApplicable: false, evidence: '  ' } }, ['selling:missing_evidence']],
    ['all not applicable', Object.fromEntries(FACTORS.map((f) => [f, { score: null, notApplicable: true, evidence: 'n/a' }])), ['null:no_scores']],
  ])('submission %s', (_name, answers, expected) => {
    expect(submissionProblems(answers).map((p) => `${p.factor}:${p.problem}`)).toEqual(expected);
  });
});
