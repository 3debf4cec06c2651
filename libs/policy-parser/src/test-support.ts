import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Seed compilations carried by the repo, and the hand-labelled gold documents cut from them. */
export const SEED_DIR = join(__dirname, '../../../seeds/demo/compilations');
export const GOLD_DIR = join(__dirname, '../gold');

export interface GoldMeasure {
  number: string;
  path: string[];
  title: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadlineText: string | null;
  deadline: string | null;
  ongoing: boolean;
}

export interface Gold {
  file: string;
  source: string;
  startLine: number;
  endLine: number;
  title: string;
  issuer: string;
  docNumber: string | null;
  issuedOn: string | null;
  measures: GoldMeasure[];
}

export const seedText = (name: string) => readFileSync(join(SEED_DIR, name), 'utf8');

export function loadGold(): Gold[] {
  return readdirSync(GOLD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(GOLD_DIR, f), 'utf8')) }));
}

/** The labelled document, cut out of its seed by line numbers exactly as the scorer does. */
export function goldText(g: Gold): string {
  return seedText(g.source)
    .split('\n')
    .slice(g.startLine - 1, g.endLine)
    .join('\n');
}

/** Unit names compare with bracket widths folded, as the scorer does. */
export const foldUnit = (s: string) => s.replace(/\s+/g, '').replace(/[（(]/g, '(').replace(/[）)]/g, ')');
