import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Seed compilations carried by the repo, and the hand-labelled gold documents cut from them. */
export const SEED_DIR = join(__dirname, '../../../seeds/demo/compilations');
export const GOLD_DIR = join(__dirname, '../gold');
/** Notices from places and years the seeds lack, each text beside its gold (see ../gold/README.md). */
export const UNSEEN_DIR = join(GOLD_DIR, 'unseen');

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
  /** Folder holding the source text. */
  dir: string;
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

/** Gold files of `dir`; their texts are in `textDir` (the seeds, or beside them). */
export function loadGold(dir: string = GOLD_DIR, textDir: string = SEED_DIR): Gold[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, dir: textDir, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
}

export const loadUnseenGold = () => loadGold(UNSEEN_DIR, UNSEEN_DIR);

/** The labelled document, cut out of its source by line numbers exactly as the scorer does. */
export function goldText(g: Gold): string {
  return readFileSync(join(g.dir, g.source), 'utf8')
    .split('\n')
    .slice(g.startLine - 1, g.endLine)
    .join('\n');
}

/** Unit names compare with bracket widths folded, as the scorer does. */
export const foldUnit = (s: string) => s.replace(/\s+/g, '').replace(/[（(]/g, '(').replace(/[）)]/g, ')');
