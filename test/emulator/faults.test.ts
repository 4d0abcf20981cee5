import { expect } from "chai";
import type { FaultRule, RunningEmulator } from "../../emulator";
import { detailOf, invoke, tokenRequest, valueOf, suiteEmulator } from "./helpers";

describe("fault injection", () => {
  let emu: RunningEmulator;
  let token: string;

  suiteEmulator((e, t) => {
    emu = e;
    token = t;
  });

  const getAlice = (timeoutMs?: number) =>
    invoke(
      emu,
      "Get-Mailbox",
      { Identity: "alice" },
      timeoutMs === undefined ? { token } : { token, timeoutMs },
    );
  const elapsed = async (f: () => Promise<unknown>) => {
    const start = Date.now();
    await f();
    return Date.now() - start;
  };

  const statusFaults: {
    rule: FaultRule;
    status: number;
    check: (a: Awaited<ReturnType<typeof getAlice>>) => void;
  }[] = [
    {
      rule: { fault: "429", retryAfter: "0.2" },
      status: 429,
      check: (a) => expect(a.headers["retry-after"]).to.equal("0.2"),
    },
    {
      rule: { fault: "429", retryAfter: null },
      status: 429,
      check: (a) => expect(a.headers["retry-after"]).to.equal(undefined),
    },
    { rule: { fault: "500" }, status: 500, check: (a) => expect(detailOf(a)).to.contain("|") },
    { rule: { fault: "503" }, status: 503, check: () => undefined },
    { rule: { fault: "504" }, status: 504, check: () => undefined },
    {
      rule: { fault: "transient" },
      status: 500,
      check: (a) => expect(detailOf(a)).to.contain("ADTransientException"),
    },
    {
      rule: { fault: "transient", exceptionType: "DCOverloadedException" },
      status: 500,
      check: (a) => expect(detailOf(a)).to.contain("DCOverloadedException"),
    },
    {
      rule: { fault: "nonJson403" },
      status: 403,
      check: (a) => expect(a.json).to.equal(undefined),
    },
  ];
  for (const c of statusFaults) {
    const variant =
      c.rule.retryAfter === null ? " without Retry-After" : (c.rule.exceptionType ?? "");
    it(`answers ${c.status} for a "${c.rule.fault}" rule ${variant}`.trim(), async () => {
      emu.control.setFaults({ rules: [c.rule] });
      const answer = await getAlice();
      expect(answer.status).to.equal(c.status);
      c.check(answer);
    });
  }

  it("applies a rule only the given number of times, after skipping some requests", async () => {
    emu.control.setFaults({ rules: [{ fault: "503", afterRequests: 1, times: 2 }] });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await getAlice()).status);
    expect(statuses).to.deep.equal([200, 503, 503, 200, 200]);
  });

  it("matches rules by cmdlet and by identity in any form", async () => {
    emu.control.setFaults({
      rules: [{ cmdlet: "Set-Mailbox", identity: "alice@contoso.example", fault: "500" }],
    });
    const alice = emu.control.mailbox("alice")!;
    expect((await getAlice()).status).to.equal(200);
    expect(
      (
        await invoke(
          emu,
          "Set-Mailbox",
          { Identity: "bob", IsExchangeCloudManaged: true },
          { token },
        )
      ).status,
    ).to.equal(200);
    const answer = await invoke(
      emu,
      "Set-Mailbox",
      { Identity: alice.ExternalDirectoryObjectId, IsExchangeCloudManaged: true },
      { token },
    );
    expect(answer.status).to.equal(500);
    expect(emu.control.mailbox("alice")?.IsExchangeCloudManaged).to.equal(false);
  });

  it("resets the connection", async () => {
    emu.control.setFaults({ rules: [{ fault: "reset" }] });
    const failure = await getAlice().then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(failure?.code ?? failure?.message).to.match(/ECONNRESET|socket hang up/);
  });

  it("hangs until the client gives up", async () => {
    emu.control.setFaults({ rules: [{ fault: "hang", times: 1 }] });
    const failure = await getAlice(150).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).to.equal("client timeout");
    expect((await getAlice()).status).to.equal(200);
  });

  it("applies a write yet answers it with an error", async () => {
    emu.control.setFaults({ rules: [{ cmdlet: "Set-Mailbox", fault: "appliedButFailed" }] });
    const answer = await invoke(
      emu,
      "Set-Mailbox",
      { Identity: "alice", IsExchangeCloudManaged: true },
      { token },
    );
    expect(answer.status).to.equal(500);
    expect(emu.control.mailbox("alice")?.IsExchangeCloudManaged).to.equal(true);
    expect(emu.control.counters().writes[0]?.applied).to.equal(true);
  });

  it("answers 200 with @adminapi.errors and no change for a non-terminating error", async () => {
    emu.control.setFaults({ rules: [{ cmdlet: "Set-Mailbox", fault: "nonTerminating" }] });
    const answer = await invoke(
      emu,
      "Set-Mailbox",
      { Identity: "alice", IsExchangeCloudManaged: true },
      { token },
    );
    expect(answer.status).to.equal(200);
    expect((answer.json as { "@adminapi.errors": string[] })["@adminapi.errors"]).to.have.length(1);
    expect(emu.control.mailbox("alice")?.IsExchangeCloudManaged).to.equal(false);
  });

  it("adds fixed and jittered latency", async () => {
    emu.control.setFaults({ latencyMs: 120, jitterMs: 30 });
    const ms = await elapsed(() => getAlice());
    expect(ms).to.be.within(115, 600);
  });

  it("throttles beyond the per-second budget with a fractional Retry-After", async () => {
    emu.control.setFaults({ rateLimitPerSecond: 3 });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await getAlice());
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 429, 429]);
    expect(Number(answers[3]?.headers["retry-after"])).to.be.within(0.01, 1);
    expect(emu.control.counters().throttled).to.equal(2);
  });

  it("answers 429 with the concurrent-limit text beyond maxConcurrent", async () => {
    emu.control.setFaults({ maxConcurrent: 2, latencyMs: 150 });
    const answers = await Promise.all([getAlice(), getAlice(), getAlice(), getAlice()]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).to.deep.equal([200, 200, 429, 429]);
    expect(answers.find((a) => a.status === 429)?.text).to.contain("concurrent");
    expect(emu.control.counters().maxConcurrentSeen).to.equal(2);
  });

  it("serves the previous value during replication lag, then the new one", async () => {
    emu.control.setFaults({ replicationLagMs: 200 });
    await invoke(
      emu,
      "Set-Mailbox",
      { Identity: "alice", IsExchangeCloudManaged: true },
      { token },
    );
    expect(valueOf(await getAlice())[0]?.["IsExchangeCloudManaged"]).to.equal(false);
    expect(emu.control.mailbox("alice")?.IsExchangeCloudManaged).to.equal(true);
    await new Promise((r) => setTimeout(r, 250));
    expect(valueOf(await getAlice())[0]?.["IsExchangeCloudManaged"]).to.equal(true);
  });

  it("issues tokens that expire early", async () => {
    emu.control.setFaults({ tokenLifetimeSeconds: 5 });
    const answer = await tokenRequest(emu, {
      grant_type: "client_credentials",
      client_id: emu.app.clientId,
      client_secret: emu.app.clientSecret,
      scope: `${emu.exchangeUrl}/.default`,
    });
    expect((answer.json as { expires_in: number }).expires_in).to.equal(5);
  });

  it("injects faults on the token endpoint", async () => {
    emu.control.setFaults({ rules: [{ target: "token", fault: "503", times: 1 }] });
    const form = {
      grant_type: "client_credentials",
      client_id: emu.app.clientId,
      client_secret: emu.app.clientSecret,
      scope: `${emu.exchangeUrl}/.default`,
    };
    expect((await tokenRequest(emu, form)).status).to.equal(503);
    expect((await tokenRequest(emu, form)).status).to.equal(200);
  });

  it("counts requests per cmdlet, per status and per client request id", async () => {
    emu.control.setFaults({ rules: [{ fault: "503", times: 1 }] });
    await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token, clientRequestId: "req-1" });
    await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token, clientRequestId: "req-1" });
    await invoke(
      emu,
      "Set-Mailbox",
      { Identity: "alice", IsExchangeCloudManaged: true },
      { token, clientRequestId: "req-2" },
    );
    const counters = emu.control.counters();
    expect(counters.requests).to.equal(3);
    expect(counters.byCmdlet).to.deep.equal({ "Get-Mailbox": 2, "Set-Mailbox": 1 });
    expect(counters.byStatus).to.deep.equal({ "200": 2, "503": 1 });
    expect(counters.byClientRequestId).to.deep.equal({ "req-1": 2, "req-2": 1 });
  });
});
