import { parsePolicyText } from './index';
import { foldUnit, goldText, loadGold, loadUnseenGold, type Gold } from './test-support';

const golds = [...loadGold(), ...loadUnseenGold().map((g) => ({ ...g, file: `unseen/${g.file}` }))];

function f1(gold: string[][], pred: string[][]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const G = new Set(g.map(foldUnit));
    const P = new Set((pred[i] ?? []).map(foldUnit));
    for (const u of P) {
      if (G.has(u)) tp++;
      else fp++;
    }
    for (const u of G) if (!P.has(u)) fn++;
  });
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

describe.each(golds.map((g) => [g.file, g] as [string, Gold]))('gold document %s', (_file, gold) => {
  const { documents } = parsePolicyText(goldText(gold));
  const doc = documents[0];
  const measures = documents.flatMap((d) => d.measures);

  it('is read as one document with the labelled metadata', () => {
    expect(documents).toHaveLength(1);
    expect(doc.title).toBe(gold.title);
    expect(doc.issuer).toBe(gold.issuer);
    expect(doc.docNumber).toBe(gold.docNumber);
    expect(doc.issuedOn).toBe(gold.issuedOn);
  });

  it('finds every labelled measure and nothing else', () => {
    expect(measures.map((m) => m.number)).toEqual(gold.measures.map((m) => m.number));
  });

  it('reads numbers, paths, titles, units and deadlines exactly', () => {
    const got = measures.map((m) => ({
      number: m.number,
      path: m.path,
      title: m.title,
      leadUnits: m.leadUnits.map(foldUnit),
      responsibleUnits: m.responsibleUnits.map(foldUnit),
      deadlineText: m.deadlineText,
      deadline: m.deadline,
      ongoing: m.ongoing,
    }));
    const want = gold.measures.map((m) => ({
      number: m.number,
      path: m.path,
      title: m.title,
      leadUnits: m.leadUnits.map(foldUnit),
      responsibleUnits: m.responsibleUnits.map(foldUnit),
      deadlineText: m.deadlineText,
      deadline: m.deadline,
      ongoing: m.ongoing,
    }));
    expect(got).toEqual(want);
  });

  it('meets the unit F1 floor (lead and responsible ≥ 0.95)', () => {
    expect(
      f1(
        gold.measures.map((m) => m.leadUnits),
        measures.map((m) => m.leadUnits),
      ),
    ).toBeGreaterThanOrEqual(0.95);
    expect(
      f1(
        gold.measures.map((m) => m.responsibleUnits),
        measures.map((m) => m.responsibleUnits),
      ),
    ).toBeGreaterThanOrEqual(0.95);
  });
});
