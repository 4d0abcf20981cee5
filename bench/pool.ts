/**
 * Runs tasks with bounded concurrency, the way the engine's step executor runs resource
 * operations under `--parallel`.
 */

/** The outcome of a pool run: the errors, by item index. */
export interface PoolResult {
  readonly failures: ReadonlyMap<number, unknown>;
}

/** Runs `task` for every item, at most `parallel` at once; never rejects. */
export async function runPool<T>(
  items: readonly T[],
  parallel: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<PoolResult> {
  const failures = new Map<number, unknown>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        await task(items[i] as T, i);
      } catch (error) {
        failures.set(i, error);
      }
    }
  };
  const width = Math.max(1, Math.min(parallel, items.length));
  await Promise.all(Array.from({ length: width }, worker));
  return { failures };
}

/** The first few distinct error messages, for a note under the table. */
export function sampleErrors(result: PoolResult, max = 3): string[] {
  const messages = new Set<string>();
  for (const error of result.failures.values()) {
    messages.add(error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error));
    if (messages.size >= max) break;
  }
  return [...messages];
}
