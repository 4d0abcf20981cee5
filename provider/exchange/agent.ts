/**
 * The keep-alive HTTPS agent used when the caller supplies none (normally the auth layer hands
 * over one that trusts the configured CA). One per process, so connections are reused across
 * clients and resources.
 */
import { Agent } from "node:https";

let agent: Agent | undefined;

/** The process-wide keep-alive agent. */
export function defaultHttpsAgent(): Agent {
  agent ??= new Agent({ keepAlive: true, maxSockets: 64 });
  return agent;
}
