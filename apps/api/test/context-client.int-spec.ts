import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MAX_PREPARED_STATEMENTS } from '../src/common/context-client';
import type { Outcome } from './support/context-client-load';

const ROOT = join(__dirname, '../../..');

describe('ContextClient under concurrent requests', () => {
  it('switches class, plan mode and named statements and cancels a closed request, with no deprecated pg call', async () => {
    // A process of its own: pg's DeprecationWarnings go to the real `process`, which Jest's sandbox hides.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', join(ROOT, 'scripts/lib/register-ts.cjs'), join(__dirname, 'support/context-client-load.ts')],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30_000 },
    );
    const outcome = JSON.parse(stdout) as Outcome;
    expect(outcome.warnings).toEqual([]);
    expect(outcome.wrong).toEqual([]);
    expect(outcome.cancelled.error).toBe('57014: canceling statement due to user request');
    expect(outcome.cancelled.ms).toBeLessThan(4000);
    // No connection holds more than MAX_PREPARED_STATEMENTS ('custom' and the shapes); the busier one is full.
    expect(Math.max(...outcome.held)).toBe(MAX_PREPARED_STATEMENTS);
  });
});
