import { describe, expect, it } from '@jest/globals';
import { StatementBatcher } from './statement-batcher.js';

/** A stand-in statement that records the keys of each call and finishes when told to. */
function recordingStatement() {
  const batches: string[][] = [];
  const pending: Array<() => void> = [];
  const run = (keys: readonly string[]) => {
    batches.push([...keys]);
    return new Promise<string[]>((resolve) => pending.push(() => resolve(keys.map((k) => k.toUpperCase()))));
  };
  const finishNext = async () => {
    while (!pending.length) await new Promise((resolve) => setImmediate(resolve));
    pending.shift()!();
  };
  return { run, batches, finishNext };
}

describe('StatementBatcher', () => {
  it('sends a lone call at once, by itself', async () => {
    const statement = recordingStatement();
    const batcher = new StatementBatcher(statement.run, { maxBatch: 10, inFlight: 1 });
    const answer = batcher.load('a');
    await statement.finishNext();
    expect(await answer).toBe('A');
    expect(statement.batches).toEqual([['a']]);
  });

  it('sends the calls that arrive while a statement runs together in the next one', async () => {
    const statement = recordingStatement();
    const batcher = new StatementBatcher(statement.run, { maxBatch: 10, inFlight: 1 });
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const first = batcher.load('a');
    await tick(); // 'a' is on its way alone
    const later: Array<Promise<string>> = [];
    for (const key of ['b', 'c', 'd']) {
      later.push(batcher.load(key));
      await tick(); // each in a turn of its own: only waiting for 'a' puts them together
    }
    await statement.finishNext();
    await statement.finishNext();
    expect(await first).toBe('A');
    expect(await Promise.all(later)).toEqual(['B', 'C', 'D']);
    expect(statement.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never puts more than maxBatch keys in one statement', async () => {
    const statement = recordingStatement();
    const batcher = new StatementBatcher(statement.run, { maxBatch: 2, inFlight: 1 });
    const answers = Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => batcher.load(key)));
    for (let i = 0; i < 3; i++) await statement.finishNext();
    expect(await answers).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(statement.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('runs a batch once more after a deadlock, and fails its callers on any other error', async () => {
    let calls = 0;
    const deadlockOnce = new StatementBatcher(
      async (keys: readonly string[]) => {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return keys.map((k) => k.toUpperCase());
      },
      { maxBatch: 10, inFlight: 1, retryOn: ['40P01'] },
    );
    expect(await Promise.all([deadlockOnce.load('a'), deadlockOnce.load('b')])).toEqual(['A', 'B']);
    expect(calls).toBe(2);

    let failures = 0;
    const failsOnce = new StatementBatcher(
      async (keys: readonly string[]) => {
        if (failures++ === 0) throw Object.assign(new Error('relation does not exist'), { code: '42P01' });
        return [...keys];
      },
      { maxBatch: 10, inFlight: 1, retryOn: ['40P01'] },
    );
    const results = await Promise.allSettled([failsOnce.load('a'), failsOnce.load('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The failed statement gave its slot back: the next call still goes out.
    expect(await failsOnce.load('x')).toBe('x');
  });
});
