/**
 * The provider reads credentials and endpoints from the environment too (AZURE_*, ARM_*,
 * GitHub Actions, EXCHANGE_*). Reliability tests must see only what they configure, so each
 * suite clears those variables for its duration and puts them back afterwards.
 */

const PROVIDER_VARIABLES = /^(AZURE_|ARM_|ACTIONS_ID_TOKEN_|EXCHANGE_)/;

/** Registers mocha hooks that hide provider variables and set `extra` for the enclosing suite. */
export function isolatedEnvironment(extra: Readonly<Record<string, string>> = {}): void {
  let saved: Record<string, string | undefined> = {};
  before(() => {
    saved = {};
    for (const name of Object.keys(process.env)) {
      if (PROVIDER_VARIABLES.test(name)) {
        saved[name] = process.env[name];
        delete process.env[name];
      }
    }
    for (const [name, value] of Object.entries(extra)) {
      if (!(name in saved)) saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(() => {
    for (const name of Object.keys(process.env)) {
      if (PROVIDER_VARIABLES.test(name)) delete process.env[name];
    }
    for (const [name, value] of Object.entries(saved)) {
      if (value !== undefined) process.env[name] = value;
    }
  });
}
