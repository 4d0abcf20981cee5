/**
 * The emulator's public surface: how to start it, what a running one offers, and the shapes
 * tests use to steer it.
 */
import type { MailboxRecord, OnPremAttributes, SeedTenant, SyncReport } from "./tenant/types";

export type { MailboxRecord, OnPremAttributes, SeedTenant, SyncReport } from "./tenant/types";

/** How to start an emulator. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1. @default 0 (ephemeral) */
  port?: number;
  /** A seed object or the path of a JSON seed file. @default emulator/seed/contoso.json */
  seed?: SeedTenant | string;
  /** Where `ca.pem` is written. @default a fresh temporary directory */
  stateDir?: string;
  /** Faults active from the start. @default none */
  faults?: FaultConfig;
  /** Runs a directory sync cycle this often. @default off */
  syncIntervalMs?: number;
}

/** A started emulator. */
export interface RunningEmulator {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  /** MSAL authority is `${authorityHost}/${tenantId}` (the domain works instead of the id). */
  authorityHost: string;
  /** Exchange host: token scope `${exchangeUrl}/.default`, token `aud` = this value. */
  exchangeUrl: string;
  /** Tenant GUID. */
  tenantId: string;
  /** Verified default domain, e.g. `contoso.example`. */
  tenantDomain: string;
  /** Path of the CA certificate clients must trust. */
  caPath: string;
  /** The CA certificate, PEM. */
  caPem: string;
  /** The demo app: a secret generated at start, Exchange.ManageAsApp and an Exchange role. */
  app: { clientId: string; clientSecret: string };
  /** In-process control of the tenant, faults and counters. */
  control: EmulatorControl;
  /** Closes the server, drops hanging connections and stops the sync timer. */
  stop(): Promise<void>;
}

/** Steers a running emulator. Mirrored over HTTP under `/_emulator/`. */
export interface EmulatorControl {
  /** Back to the seed (or `seed`); faults cleared; counters zeroed; registered apps kept. */
  reset(seed?: SeedTenant): void;
  /** Replaces the fault configuration. */
  setFaults(faults: FaultConfig): void;
  /** A snapshot of the counters. */
  counters(): Counters;
  resetCounters(): void;
  /** Adds or replaces an app registration. */
  registerApp(app: AppRegistration): void;
  /** The current cloud-side object, by any identity form; ignores faults and lag. */
  mailbox(identity: string): MailboxRecord | undefined;
  /** Every recipient, mailboxes and others, including soft-deleted ones. */
  mailboxes(): MailboxRecord[];
  /** An out-of-band admin change ("behind Pulumi's back"). Throws when not found. */
  updateMailbox(identity: string, patch: Partial<MailboxRecord>): void;
  /** Changes the on-prem AD values the next sync cycle brings. Throws when not found. */
  setOnPrem(identity: string, patch: Partial<OnPremAttributes>): void;
  /** Runs one directory sync cycle now. */
  sync(): SyncReport;
}

/** An Entra app registration with its credentials and Exchange permissions. */
export interface AppRegistration {
  clientId: string;
  /** Client secrets accepted for this app. */
  secrets?: string[];
  /** Registered public certificates, PEM; assertions are verified against them. */
  certificatesPem?: string[];
  /** Federated identity credentials. */
  federated?: FederatedCredential[];
  /** Application roles granted on Exchange. @default ["Exchange.ManageAsApp"] */
  roles?: string[];
  /** Whether the app holds an Exchange RBAC role; false makes InvokeCommand answer 403. @default true */
  exchangeRoleAssigned?: boolean;
}

/** A federated identity credential: trusts tokens of one external issuer and subject. */
export interface FederatedCredential {
  issuer: string;
  subject: string;
  audience: string;
  /** The issuer's signing public key (SPKI PEM), standing in for its JWKS. */
  publicKeyPem: string;
}

/** Faults and limits. Everything is off unless set. */
export interface FaultConfig {
  /** Fixed delay before answering, ms. */
  latencyMs?: number;
  /** Extra random delay in [0, jitterMs), ms. */
  jitterMs?: number;
  /** Token bucket per tenant for InvokeCommand/$batch; 429 with Retry-After beyond. */
  rateLimitPerSecond?: number;
  /** Concurrent Exchange requests allowed; 429 with the concurrent-limit message beyond. */
  maxConcurrent?: number;
  /** Reads return the previous value this long after a write, ms. */
  replicationLagMs?: number;
  /** Lifetime of issued access tokens, seconds. @default 3599 */
  tokenLifetimeSeconds?: number;
  /** Faults matched per request, first match wins. */
  rules?: FaultRule[];
}

/** One injected fault and the requests it hits. */
export interface FaultRule {
  /** Which endpoint. @default "invoke" */
  target?: "token" | "invoke" | "batch" | "any";
  /** Only this cmdlet, e.g. `Set-Mailbox` (case-insensitive). */
  cmdlet?: string;
  /** Only requests whose Identity parameter names this recipient (any identity form). */
  identity?: string;
  fault: FaultKind;
  /** For 429: the Retry-After header value, e.g. "0.2"; null sends none. @default "1" */
  retryAfter?: string | null;
  /** For "transient": the exception type. @default ADTransientException */
  exceptionType?: string;
  /** For "hang": answer 504 after this long instead of never, ms. @default never */
  hangMs?: number;
  /** How many matching requests get the fault. @default unlimited */
  times?: number;
  /** Matching requests to let through first. @default 0 */
  afterRequests?: number;
}

/** The kinds of injected fault. */
export type FaultKind =
  | "429"
  | "500"
  | "503"
  | "504"
  | "transient"
  | "reset"
  | "hang"
  | "nonJson403"
  | "appliedButFailed"
  | "nonTerminating";

/** One write the emulator received. */
export interface WriteRecord {
  cmdlet: string;
  identity: string;
  parameters: Record<string, unknown>;
  /** Whether the change reached the tenant. */
  applied: boolean;
  /** Epoch ms. */
  at: number;
}

/** What the emulator has seen since start or the last reset. */
export interface Counters {
  /** InvokeCommand and $batch HTTP requests. */
  requests: number;
  /** Token endpoint requests. */
  tokenRequests: number;
  /** Cmdlet invocations, $batch sub-requests included. */
  byCmdlet: Record<string, number>;
  /** Exchange HTTP statuses sent (sub-requests included), keyed by status text. */
  byStatus: Record<string, number>;
  byClientRequestId: Record<string, number>;
  /** 429s sent. */
  throttled: number;
  writes: WriteRecord[];
  maxConcurrentSeen: number;
}
