import { Logger } from "../log";

const LEVELS = ["debug", "info", "warn"] as const;
type Level = (typeof LEVELS)[number];

/**
 * The provider process's logger. The engine shows what a dynamic provider writes to stderr
 * in its verbose logs; warnings always go there. Set EXCHANGE_CLOUD_MANAGED_LOG=debug|info to
 * see more; debug lines may carry mailbox addresses (personal data), never credentials.
 */
export function processLogger(env: Readonly<Record<string, string | undefined>>): Logger {
  const wanted = env["EXCHANGE_CLOUD_MANAGED_LOG"] as Level | undefined;
  const min = LEVELS.indexOf(wanted !== undefined && LEVELS.includes(wanted) ? wanted : "warn");
  const write = (level: Level) => (message: string) => {
    if (LEVELS.indexOf(level) >= min)
      process.stderr.write(`exchange-cloud-managed ${level}: ${message}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn") };
}
