import DataLoader from 'dataloader';

export interface StatementBatcherOptions {
  /** The most keys one statement carries. */
  maxBatch: number;
  /** How many of this batcher's statements may run at once; keys queue behind them. */
  inFlight: number;
  /** Error codes (PostgreSQL's) on which a batch is run once more before its callers see the error. */
  retryOn?: readonly string[];
}

/**
 * Group commit for one statement: calls made while `inFlight` statements are already
 * running wait and go together in the next one. When the database is idle a call goes
 * out on the next turn of the event loop, alone; under load each statement carries as
 * many calls as came in while the previous ones ran, so statements and commits per call
 * fall as the load rises. DataLoader does the bookkeeping (without caching: every call
 * is a fresh read or write); this class decides when a batch goes.
 */
export class StatementBatcher<K, V> {
  private readonly loader: DataLoader<K, V>;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    run: (keys: readonly K[]) => Promise<V[]>,
    private readonly options: StatementBatcherOptions,
  ) {
    this.loader = new DataLoader<K, V>((keys) => this.runBatch(run, keys), {
      cache: false,
      maxBatchSize: options.maxBatch,
      batchScheduleFn: (dispatch) => this.schedule(dispatch),
    });
  }

  load(key: K): Promise<V> {
    return this.loader.load(key);
  }

  private schedule(dispatch: () => void): void {
    // The slot is taken now, so a batch that waits keeps gathering keys until one is free.
    if (this.running < this.options.inFlight) {
      this.running += 1;
      setImmediate(dispatch);
    } else {
      this.waiting.push(dispatch);
    }
  }

  private async runBatch(run: (keys: readonly K[]) => Promise<V[]>, keys: readonly K[]): Promise<V[]> {
    try {
      try {
        return await run(keys);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !this.options.retryOn?.includes(code)) throw error;
        return await run(keys);
      }
    } finally {
      const next = this.waiting.shift();
      if (next) setImmediate(next);
      else this.running -= 1;
    }
  }
}
