import { expect } from "chai";
import { isErrorOfKind } from "../../../provider/errors";
import type { TokenProvider } from "../../../provider/exchange";
import { clientFor, ok, rejectionOf, startServer, TENANT, type TestServer } from "./support";

/** Hands out token-1, token-2, ... and records what each request named as refused. */
class CountingTokens implements TokenProvider {
  issued = 0;
  readonly refused: (string | undefined)[] = [];
  async getToken(options?: { rejectedToken?: string }) {
    this.refused.push(options?.rejectedToken);
    if (this.issued === 0 || options?.rejectedToken === `token-${this.issued}`) this.issued += 1;
    return { token: `token-${this.issued}`, expiresOn: new Date(Date.now() + 3_600_000), tenantId: TENANT };
  }
}

const EXPIRED = {
  status: 401,
  headers: { "www-authenticate": 'Bearer error="invalid_token"', "x-ms-diagnostics": '2000003;reason="The token has expired.";error_category="invalid_token"' },
  body: "",
};

describe("ExchangeClient when Exchange refuses the access token", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => server.close());

  it("replaces a token refused as expired once, and the call succeeds", async () => {
    server.script = (request) => (request.headers.authorization === "Bearer token-1" ? EXPIRED : ok([{ Name: "a" }]));
    const tokens = new CountingTokens();
    const objects = await clientFor(server, { tokens }).invoke("Get-Mailbox", { Identity: "a@contoso.com" });
    expect(objects).to.deep.equal([{ Name: "a" }]);
    expect(tokens.refused).to.deep.equal([undefined, "token-1"]);
  });

  it("stops with advice about the clock and the cloud when a new token is refused too", async () => {
    server.script = () => EXPIRED;
    const error = await rejectionOf(clientFor(server, { tokens: new CountingTokens() }).invoke("Get-Mailbox", { Identity: "a@contoso.com" }));
    expect(isErrorOfKind(error, "Unauthorized")).to.equal(true);
    expect(String(error)).to.match(/clock.*exchange:environment/);
    expect(server.seen).to.have.length(2);
  });

  it("treats a 401 without a token challenge as a permission problem, not a token to replace", async () => {
    server.script = () => ({ status: 401, body: "" });
    const tokens = new CountingTokens();
    const error = await rejectionOf(clientFor(server, { tokens }).invoke("Get-Mailbox", { Identity: "a@contoso.com" }));
    expect(isErrorOfKind(error, "Forbidden")).to.equal(true);
    expect(tokens.refused).to.deep.equal([undefined]);
  });
});
