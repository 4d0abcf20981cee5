import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { demoToken, https, suiteEmulator } from "./helpers";

describe("$batch", () => {
  let emu: RunningEmulator;
  let token: string;

  suiteEmulator((e, t) => {
    emu = e;
    token = t;
  });

  const sub = (id: string, cmdlet: string, parameters: Record<string, unknown>) => ({
    id,
    method: "POST",
    url: `/adminapi/beta/${emu.tenantId}/InvokeCommand`,
    headers: { "content-type": "application/json" },
    body: { CmdletInput: { CmdletName: cmdlet, Parameters: parameters } },
  });
  const batch = (requests: unknown[]) =>
    https(`${emu.exchangeUrl}/adminapi/beta/${emu.tenantId}/$batch`, emu.caPem, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        prefer: "odata.continue-on-error",
        "x-anchormailbox": `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${emu.tenantId}`,
      },
      body: JSON.stringify({ requests }),
    });

  it("answers each sub-request with its own status and body", async () => {
    const answer = await batch([
      sub("1", "Get-Mailbox", { Identity: "alice" }),
      sub("2", "Get-Mailbox", { Identity: "nobody" }),
      sub("3", "Set-Mailbox", { Identity: "bob", IsExchangeCloudManaged: true }),
    ]);
    expect(answer.status).to.equal(200);
    const responses = (
      answer.json as { responses: { id: string; status: number; body: Record<string, unknown> }[] }
    ).responses;
    expect(responses.map((r) => [r.id, r.status])).to.deep.equal([
      ["1", 200],
      ["2", 404],
      ["3", 200],
    ]);
    expect((responses[0]?.body["value"] as { Alias: string }[])[0]?.Alias).to.equal("alice");
    expect(responses[1]?.body).to.have.key("error");
    expect(emu.control.mailbox("bob")?.IsExchangeCloudManaged).to.equal(true);
    expect(emu.control.counters().byCmdlet).to.deep.equal({ "Get-Mailbox": 2, "Set-Mailbox": 1 });
  });

  it("refuses more than ten sub-requests", async () => {
    const answer = await batch(
      Array.from({ length: 11 }, (_, i) => sub(String(i), "Get-Mailbox", { Identity: "alice" })),
    );
    expect(answer.status).to.equal(400);
  });

  it("applies per-cmdlet fault rules to sub-requests and batch rules to the whole", async () => {
    emu.control.setFaults({ rules: [{ cmdlet: "Set-Mailbox", fault: "429", retryAfter: "0.5" }] });
    const answer = await batch([
      sub("1", "Get-Mailbox", { Identity: "alice" }),
      sub("2", "Set-Mailbox", { Identity: "bob", IsExchangeCloudManaged: true }),
    ]);
    const responses = (
      answer.json as { responses: { status: number; headers: Record<string, string> }[] }
    ).responses;
    expect(responses.map((r) => r.status)).to.deep.equal([200, 429]);
    expect(responses[1]?.headers["retry-after"]).to.equal("0.5");

    emu.control.setFaults({ rules: [{ target: "batch", fault: "503" }] });
    expect((await batch([sub("1", "Get-Mailbox", { Identity: "alice" })])).status).to.equal(503);
  });

  it("requires a valid token like InvokeCommand", async () => {
    token = "x";
    try {
      expect((await batch([sub("1", "Get-Mailbox", { Identity: "alice" })])).status).to.equal(401);
    } finally {
      token = await demoToken(emu);
    }
  });
});
