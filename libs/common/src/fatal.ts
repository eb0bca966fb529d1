import { ConfigError } from '@mou/config';
import { ServiceUnreachableError } from '@mou/database';

/**
 * Ends a process that could not start. Configuration and connection problems are the
 * operator's to fix, so they get one line and no stack trace; anything else is a bug.
 */
export function exitOnStartupFailure(processName: string) {
  return (error: unknown): never => {
    if (error instanceof ConfigError || error instanceof ServiceUnreachableError) {
      console.error(`${processName}: ${error.message}`);
    } else {
      console.error(`${processName} failed to start:`, error);
    }
    process.exit(1);
  };
}
