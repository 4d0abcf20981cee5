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

/**
 * Runs a stack's resources as the engine's `up` does: the step generator checks them one at a
 * time, in registration order, and hands each checked resource to the step executor, which
 * runs at most `parallel` operations at once. `check` failures count as failures of the item.
 */
export async function engineOrder<T, C>(
  items: readonly T[],
  parallel: number,
  check: (item: T) => Promise<C>,
  operate: (checked: C, item: T) => Promise<void>,
): Promise<PoolResult> {
  const failures = new Map<number, unknown>();
  const ready: Array<{ index: number; checked: C }> = [];
  let checking = true;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  const generator = async (): Promise<void> => {
    for (const [index, item] of items.entries()) {
      try {
        ready.push({ index, checked: await check(item) });
      } catch (error) {
        failures.set(index, error);
      }
      signal();
    }
    checking = false;
    signal();
  };
  const slots = new Set<Promise<void>>();
  const executor = async (): Promise<void> => {
    for (;;) {
      const next = ready.shift();
      if (next !== undefined && slots.size < parallel) {
        const slot: Promise<void> = operate(next.checked, items[next.index] as T)
          .catch((error: unknown) => {
            failures.set(next.index, error);
          })
          .finally(() => {
            slots.delete(slot);
            signal();
          });
        slots.add(slot);
        continue;
      }
      if (next !== undefined) ready.unshift(next);
      if (!checking && ready.length === 0 && slots.size === 0) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  await Promise.all([generator(), executor()]);
  return { failures };
}
