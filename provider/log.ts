/**
 * Logging seam. Layers below `dynamic/` take a Logger and never print on their own, so the
 * provider decides where messages go. Personal data (addresses, names) goes to `debug` only;
 * credentials, tokens and assertions go nowhere.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything; the default for library use and tests. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};
