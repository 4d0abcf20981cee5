import { expect } from "chai";
import { CloudManagedError, isErrorOfKind } from "../../../provider/errors";
import { parseRetryAfter, withRetries, type RetryEvent } from "../../../provider/exchange";
import {
  FakeTokens,
  clientFor,
  envelope,
  ok,
  rejectionOf,
  startServer,
  type Reply,
  type TestServer,
} from "./support";

/** Answers with `failures` in turn, then success. */
function failThenSucceed(...failures: Reply[]): (request: unknown, index: number) => Reply {
  return (_request, index) => failures[index] ?? ok([{ Alias: "done" }]);
}

describe("retries", () => {
  let server: TestServer;
  let events: RetryEvent[];
  beforeEach(async () => {
    server = await startServer();
    events = [];
  });
  afterEach(async () => {
    await server.close();
  });

  const retryTable: ReadonlyArray<readonly [string, Reply]> = [
    ["a 429 without Retry-After", { status: 429 }],
    ["a 503", { status: 503, body: "Service Unavailable" }],
    ["a 504", { status: 504 }],
    [
      "a transient directory exception",
      {
        status: 500,
        body: envelope(
          "InternalServerError",
          "Microsoft.Exchange.Data.Directory.ADTransientException",
          "busy",
        ),
      },
    ],
    [
      "a plain-text concurrency limit",
      {
        status: 429,
        headers: { "content-type": "text/plain" },
        body: "Too many concurrent requests",
      },
    ],
    ["a connection reset", "reset"],
  ];
  for (const [name, failure] of retryTable) {
    it(`retries ${name} and then succeeds`, async () => {
      server.script = failThenSucceed(failure, failure);
      const client = clientFor(server, { onRetry: (event) => events.push(event) });
      const objects = await client.invoke("Get-Mailbox", { Identity: "a" });
      expect(objects).to.deep.equal([{ Alias: "done" }]);
      expect(events.map((event) => event.attempt)).to.deep.equal([1, 2]);
    });
  }

  it("retries a timed-out attempt", async () => {
    server.script = failThenSucceed("hang");
    const client = clientFor(server, { timeoutMs: 150, onRetry: (event) => events.push(event) });
    expect(await client.invoke("Get-Mailbox", { Identity: "a" })).to.have.length(1);
    expect(events[0]?.kind).to.equal("Transient");
  });

  it("waits the fractional Retry-After the service names", async () => {
    server.script = failThenSucceed({ status: 429, headers: { "retry-after": "0.25" } });
    await clientFor(server, { onRetry: (event) => events.push(event) }).invoke("Get-Mailbox", {
      Identity: "a",
    });
    expect(events).to.have.length(1);
    expect(events[0]).to.deep.include({
      delayMs: 250,
      fromRetryAfter: true,
      status: 429,
      kind: "Throttled",
    });
  });

  it("backs off on its own, within the policy's cap, when no Retry-After is given", async () => {
    server.script = failThenSucceed({ status: 429 }, { status: 429 }, { status: 429 });
    await clientFor(server, { onRetry: (event) => events.push(event) }).invoke("Get-Mailbox", {
      Identity: "a",
    });
    expect(events.map((event) => event.fromRetryAfter)).to.deep.equal([false, false, false]);
    for (const event of events) expect(event.delayMs).to.be.within(0, 20);
  });

  it("keeps one client-request-id across the retries of one call, and fetches a token per attempt", async () => {
    server.script = failThenSucceed({ status: 503 }, { status: 503 });
    const tokens = new FakeTokens();
    await clientFor(server, { tokens }).invoke("Set-Mailbox", {
      Identity: "a",
      IsExchangeCloudManaged: true,
    });
    const ids = server.seen.map((request) => request.headers["client-request-id"]);
    expect(ids).to.have.length(3);
    expect(new Set(ids).size).to.equal(1);
    expect(server.seen.map((request) => request.headers["authorization"])).to.deep.equal([
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-3",
    ]);
  });

  it("does not retry a failure that will not pass on its own", async () => {
    server.script = () => ({
      status: 404,
      body: envelope("NotFound", "ManagementObjectNotFoundException", "couldn't be found"),
    });
    const error = await rejectionOf(clientFor(server).invoke("Get-Mailbox", { Identity: "a" }));
    expect(isErrorOfKind(error, "NotFound")).to.equal(true);
    expect(server.seen).to.have.length(1);
  });

  it("gives up after the attempt limit with a message that says how to lower the load", async () => {
    server.script = () => ({ status: 429 });
    const client = clientFor(server, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = await rejectionOf(client.invoke("Set-Mailbox", { Identity: "a" }));
    expect(isErrorOfKind(error, "Throttled")).to.equal(true);
    expect(server.seen).to.have.length(3);
    expect((error as Error).message)
      .to.contain("after 3 attempts")
      .and.contain("exchange:maxConcurrency")
      .and.contain("exchange:requestsPerSecond")
      .and.contain("--parallel");
    expect((error as CloudManagedError).context.status).to.equal(429);
  });

  it("gives up at once when Retry-After would outlast the time budget", async () => {
    server.script = () => ({ status: 429, headers: { "retry-after": "30" } });
    const client = clientFor(server, { retry: { budgetMs: 1_000 } });
    const error = await rejectionOf(client.invoke("Get-Mailbox", { Identity: "a" }));
    expect(server.seen).to.have.length(1);
    expect((error as Error).message).to.contain("asked to wait 30.0 s");
  });

  it("gives up on persistent transient failures with advice to run again later", async () => {
    server.script = () => ({ status: 503 });
    const client = clientFor(server, { retry: { maxAttempts: 2 } });
    const error = await rejectionOf(client.invoke("Get-Mailbox", { Identity: "a" }));
    expect(isErrorOfKind(error, "Transient")).to.equal(true);
    expect((error as Error).message).to.contain("Run the command again later");
    expect(((error as Error).cause as CloudManagedError).kind).to.equal("Transient");
  });
});

describe("withRetries", () => {
  it("retries a retryable error thrown by the attempt itself (e.g. a token endpoint hiccup)", async () => {
    let calls = 0;
    const value = await withRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw new CloudManagedError("Transient", "token endpoint busy");
        return { value: "ok" };
      },
      { operation: "test", policy: { baseDelayMs: 1 } },
    );
    expect(value).to.equal("ok");
    expect(calls).to.equal(2);
  });

  it("rethrows other thrown errors untouched", async () => {
    const thrown = new CloudManagedError("Unauthorized", "bad secret");
    const error = await rejectionOf(
      withRetries(() => Promise.reject(thrown), { operation: "test" }),
    );
    expect(error).to.equal(thrown);
  });

  it("when throttled, waits at least half its growing backoff even if Retry-After is shorter", async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        return calls < 4
          ? {
              error: new CloudManagedError("Throttled", "slow down", { status: 429 }),
              retryAfterMs: 1,
            }
          : { value: 1 };
      },
      {
        operation: "Get-Mailbox",
        policy: { baseDelayMs: 20, maxDelayMs: 1000 },
        onRetry: (event) => delays.push(event.delayMs),
        random: () => 0,
      },
    );
    // Floors of 10, 20 and 40 ms: time for the limiter to slow down between attempts.
    expect(delays).to.deep.equal([10, 20, 40]);
  });

  it("logs each retry at debug level with the operation, attempt and delay", async () => {
    const lines: string[] = [];
    const logger = {
      debug: (line: string) => lines.push(line),
      info: () => undefined,
      warn: () => undefined,
    };
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        return calls < 2
          ? {
              error: new CloudManagedError("Throttled", "slow down", { status: 429 }),
              retryAfterMs: 3,
            }
          : { value: 1 };
      },
      { operation: "Get-Mailbox", logger, policy: { baseDelayMs: 2 } },
    );
    expect(lines).to.have.length(1);
    expect(lines[0])
      .to.contain("Get-Mailbox")
      .and.contain("attempt 1")
      .and.contain("3 ms")
      .and.contain("429");
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  const table: ReadonlyArray<readonly [string | undefined, number | undefined]> = [
    [undefined, undefined],
    ["", undefined],
    ["2", 2000],
    ["0.5", 500],
    [" 1.25 ", 1250],
    ["Wed, 01 Jan 2025 00:00:03 GMT", 3000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
  ];
  for (const [header, expected] of table) {
    it(`reads ${JSON.stringify(header)} as ${expected} ms`, () => {
      expect(parseRetryAfter(header, now)).to.equal(expected);
    });
  }
});
