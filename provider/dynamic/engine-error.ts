import { Logger } from "../log";

/**
 * The dynamic-provider host prints `${error}: ${error.stack}` for failures of read, diff,
 * check and delete, so a user would see our stack frames several times over. This keeps the
 * error (its kind, context and cause) but gives the engine the message alone; the frames go
 * to the debug log.
 */
export async function withPlainErrors<T>(logger: Logger, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error) {
      logger.debug(error.stack ?? error.message);
      error.stack = "(EXCHANGE_CLOUD_MANAGED_LOG=debug prints the details)";
    }
    throw error;
  }
}
