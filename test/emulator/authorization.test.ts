import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { demoToken, detailOf, https, invoke, tokenRequest } from "./helpers";

describe("InvokeCommand authorization", () => {
  let emu: RunningEmulator;
  let token: string;

  before(async () => {
    emu = await startEmulator();
    token = await demoToken(emu);
  });
  after(async () => {
    await emu.stop();
  });

  async function tokenFor(clientId: string, secret: string): Promise<string> {
    const answer = await tokenRequest(emu, {
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
      scope: `${emu.exchangeUrl}/.default`,
    });
    return (answer.json as { access_token: string }).access_token;
  }

  it("answers 200 for the demo app with a proper anchor", async () => {
    const answer = await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token });
    expect(answer.status).to.equal(200);
  });

  it("accepts the tenant domain in the URL as well as the GUID", async () => {
    const url = `${emu.exchangeUrl}/adminapi/beta/${emu.tenantDomain}/InvokeCommand`;
    const answer = await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token, url });
    expect(answer.status).to.equal(200);
  });

  const unauthorized: { name: string; token: () => string }[] = [
    { name: "no token", token: () => "" },
    { name: "a malformed token", token: () => "not.a.jwt" },
    {
      name: "a token with a forged signature",
      token: () => `${token.split(".").slice(0, 2).join(".")}.AAAA`,
    },
  ];
  for (const c of unauthorized) {
    it(`answers 401 with an x-ms-diagnostics reason for ${c.name}`, async () => {
      const answer = await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token: c.token() });
      expect(answer.status).to.equal(401);
      expect(answer.headers["www-authenticate"]).to.match(/^Bearer /);
      expect(answer.headers["x-ms-diagnostics"]).to.be.a("string");
    });
  }

  it("answers 401 for a token that has expired", async () => {
    emu.control.setFaults({ tokenLifetimeSeconds: 1 });
    const shortLived = await demoToken(emu);
    emu.control.setFaults({});
    await new Promise((r) => setTimeout(r, 1100));
    const answer = await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token: shortLived });
    expect(answer.status).to.equal(401);
    expect(String(answer.headers["x-ms-diagnostics"])).to.contain("expired");
  });

  it("answers 401 when the token's tenant is not the one in the URL", async () => {
    const url = `${emu.exchangeUrl}/adminapi/beta/00000000-0000-4000-8000-000000000000/InvokeCommand`;
    const answer = await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token, url });
    expect(answer.status).to.equal(401);
  });

  it("answers 401 for an app whose token carries no roles", async () => {
    emu.control.registerApp({
      clientId: "bbbbbbbb-0000-4000-8000-000000000001",
      secrets: ["s1"],
      roles: [],
    });
    const answer = await invoke(
      emu,
      "Get-Mailbox",
      { Identity: "alice" },
      { token: await tokenFor("bbbbbbbb-0000-4000-8000-000000000001", "s1") },
    );
    expect(answer.status).to.equal(401);
  });

  it("answers a bodiless 403 for a token minted for the v2 role only", async () => {
    emu.control.registerApp({
      clientId: "bbbbbbbb-0000-4000-8000-000000000002",
      secrets: ["s2"],
      roles: ["Exchange.ManageAsAppV2"],
    });
    const answer = await invoke(
      emu,
      "Get-Mailbox",
      { Identity: "alice" },
      { token: await tokenFor("bbbbbbbb-0000-4000-8000-000000000002", "s2") },
    );
    expect(answer.status).to.equal(403);
    expect(answer.text).to.equal("");
  });

  it("answers 403 with CmdletAccessDeniedException when the app has no Exchange role", async () => {
    emu.control.registerApp({
      clientId: "bbbbbbbb-0000-4000-8000-000000000003",
      secrets: ["s3"],
      exchangeRoleAssigned: false,
    });
    const answer = await invoke(
      emu,
      "Get-Mailbox",
      { Identity: "alice" },
      { token: await tokenFor("bbbbbbbb-0000-4000-8000-000000000003", "s3") },
    );
    expect(answer.status).to.equal(403);
    expect(detailOf(answer)).to.contain("CmdletAccessDeniedException");
  });

  it("refuses a request without X-AnchorMailbox", async () => {
    const answer = await invoke(emu, "Get-Mailbox", { Identity: "alice" }, { token, anchor: null });
    expect(answer.status).to.equal(400);
    expect(detailOf(answer)).to.contain("X-AnchorMailbox");
  });

  it("answers an unknown cmdlet with a 403 whose body is not JSON", async () => {
    const answer = await invoke(emu, "Get-Nonsense", {}, { token });
    expect(answer.status).to.equal(403);
    expect(answer.json).to.equal(undefined);
  });

  it("answers 405 on the v1.0 path", async () => {
    const answer = await https(
      `${emu.exchangeUrl}/adminapi/v1.0/${emu.tenantId}/InvokeCommand`,
      emu.caPem,
      { method: "POST", body: "{}" },
    );
    expect(answer.status).to.equal(405);
  });
});
