import { expect } from "chai";
import { isErrorOfKind, type CloudManagedError } from "../../../provider/errors";
import { hashtable } from "../../../provider/exchange";
import {
  TENANT,
  clientFor,
  envelope,
  ok,
  rejectionOf,
  startServer,
  type TestServer,
} from "./support";

const ANCHOR = `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${TENANT}`;

describe("ExchangeClient", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.close();
  });

  describe("a request", () => {
    it("posts the cmdlet and its parameters to the tenant's InvokeCommand endpoint", async () => {
      await clientFor(server).invoke("Set-Mailbox", {
        Identity: "a@contoso.com",
        IsExchangeCloudManaged: true,
      });
      const [request] = server.seen;
      expect(request?.method).to.equal("POST");
      expect(request?.url).to.equal(`/adminapi/beta/${TENANT}/InvokeCommand`);
      expect(JSON.parse(request?.body ?? "")).to.deep.equal({
        CmdletInput: {
          CmdletName: "Set-Mailbox",
          Parameters: { Identity: "a@contoso.com", IsExchangeCloudManaged: true },
        },
      });
    });

    it("carries the bearer token, anchor, response format, cmdlet name and client name", async () => {
      await clientFor(server).invoke("Get-Mailbox", { Identity: "a@contoso.com" });
      const headers = server.seen[0]?.headers ?? {};
      expect(headers["authorization"]).to.equal("Bearer token-1");
      expect(headers["content-type"]).to.equal("application/json");
      expect(headers["x-anchormailbox"]).to.equal(ANCHOR);
      expect(headers["x-responseformat"]).to.equal("json");
      expect(headers["x-cmdletname"]).to.equal("Get-Mailbox");
      expect(headers["x-clientapplication"]).to.match(/^exchange-cloud-managed\/\d+\.\d+\.\d+/);
      expect(headers["client-request-id"]).to.match(/^[0-9a-f-]{36}$/);
      expect(headers["prefer"]).to.equal(undefined);
    });

    it("asks for selected properties in $select and a page size in Prefer", async () => {
      await clientFor(server).invoke(
        "Get-Mailbox",
        { Filter: "IsDirSynced -eq 'True'" },
        { select: ["Alias", "IsExchangeCloudManaged"], pageSize: 200 },
      );
      expect(server.seen[0]?.url).to.equal(
        `/adminapi/beta/${TENANT}/InvokeCommand?$select=Alias,IsExchangeCloudManaged`,
      );
      expect(server.seen[0]?.headers["prefer"]).to.equal("odata.maxpagesize=200");
    });

    it("refuses a selected property name that could smuggle a query", async () => {
      const error = await rejectionOf(
        clientFor(server).invoke("Get-Mailbox", { Identity: "x" }, { select: ["Alias&$filter=1"] }),
      );
      expect(isErrorOfKind(error, "InvalidInput")).to.equal(true);
      expect(server.seen).to.have.length(0);
    });

    for (const identity of [undefined, null, "", "   "]) {
      it(`refuses to send a Get cmdlet with Identity ${JSON.stringify(identity)}`, async () => {
        const error = await rejectionOf(
          clientFor(server).invoke("Get-Mailbox", { Identity: identity }),
        );
        expect(isErrorOfKind(error, "InvalidInput")).to.equal(true);
        expect((error as Error).message).to.contain("every object");
        expect(server.seen).to.have.length(0);
      });
    }

    it("sends hashtable parameters in the GenericHashTable form", async () => {
      await clientFor(server).invoke("Set-Mailbox", {
        Identity: "a@contoso.com",
        EmailAddresses: hashtable({ Add: ["smtp:b@contoso.com"], Remove: ["smtp:c@contoso.com"] }),
      });
      const parameters = JSON.parse(server.seen[0]?.body ?? "").CmdletInput.Parameters;
      expect(parameters.EmailAddresses).to.deep.equal({
        "@odata.type": "#Exchange.GenericHashTable",
        Add: ["smtp:b@contoso.com"],
        Remove: ["smtp:c@contoso.com"],
      });
    });
  });

  describe("an answer", () => {
    it("strips annotation keys from the returned objects", async () => {
      server.script = () =>
        ok([{ Alias: "ann", "Guid@odata.type": "#Guid", Guid: "g", "@odata.id": "x" }]);
      const objects = await clientFor(server).invoke("Get-Mailbox", { Identity: "ann" });
      expect(objects).to.deep.equal([{ Alias: "ann", Guid: "g" }]);
    });

    it("treats an empty body of a Set cmdlet as success with no objects", async () => {
      server.script = () => ({ status: 204 });
      expect(await clientFor(server).invoke("Set-Mailbox", { Identity: "a" })).to.deep.equal([]);
    });

    it("follows @odata.nextLink with the same POST body and a new request id per page", async () => {
      server.script = (_request, index) =>
        index < 2
          ? ok([{ Alias: `m${index}` }], {
              "@odata.nextLink": `${server.url}/adminapi/beta/${TENANT}/InvokeCommand?$skiptoken=${index}`,
            })
          : ok([{ Alias: "m2" }]);
      const objects = await clientFor(server).invoke(
        "Get-Mailbox",
        { ResultSize: "Unlimited" },
        { pageSize: 1 },
      );
      expect(objects.map((o) => o["Alias"])).to.deep.equal(["m0", "m1", "m2"]);
      expect(server.seen.map((r) => r.method)).to.deep.equal(["POST", "POST", "POST"]);
      expect(server.seen[1]?.url).to.contain("$skiptoken=0");
      expect(new Set(server.seen.map((r) => r.body)).size).to.equal(1);
      expect(new Set(server.seen.map((r) => r.headers["client-request-id"])).size).to.equal(3);
    });

    it("fails once the page limit is reached, asking to narrow the query", async () => {
      server.script = () => ok([{ Alias: "m" }], { "@odata.nextLink": `${server.url}/next` });
      const error = await rejectionOf(
        clientFor(server).invoke("Get-Mailbox", { ResultSize: "Unlimited" }, { maxPages: 3 }),
      );
      expect((error as Error).message).to.contain("Narrow the filter");
      expect(server.seen).to.have.length(3);
    });

    it("refuses a next-page link that points at another host", async () => {
      server.script = () => ok([], { "@odata.nextLink": "https://elsewhere.invalid/next" });
      const error = await rejectionOf(
        clientFor(server).invoke("Get-Mailbox", { ResultSize: "Unlimited" }),
      );
      expect((error as Error).message).to.contain("another host");
      expect(server.seen).to.have.length(1);
    });

    it("fails a 200 that carries @adminapi.errors, classified by their text", async () => {
      server.script = () =>
        ok([], {
          "@adminapi.errors": [
            {
              Message:
                "The operation couldn't be performed because object 'x' couldn't be found on 'EURPR01A001.PROD.OUTLOOK.COM'.",
            },
          ],
        });
      const error = await rejectionOf(clientFor(server).invoke("Set-Mailbox", { Identity: "x" }));
      expect(isErrorOfKind(error, "NotFound")).to.equal(true);
    });

    it("fails a 200 whose @adminapi.errors hold exception-typed strings, by their type", async () => {
      server.script = () =>
        ok([], {
          "adminapi.errors@odata.type": "#Collection(String)",
          "@adminapi.errors": [
            "Ex1B2E5D|Microsoft.Exchange.Data.Directory.ADTransientException|Set-Mailbox did not complete.",
          ],
        });
      const client = clientFor(server, { retry: { maxAttempts: 1 } });
      const error = await rejectionOf(client.invoke("Set-Mailbox", { Identity: "x" }));
      expect(isErrorOfKind(error, "Transient")).to.equal(true);
      expect((error as CloudManagedError).context.exceptionType).to.equal("ADTransientException");
      expect((error as Error).message)
        .to.contain("did not complete")
        .and.not.contain("Ex1B2E5D");
    });

    it("logs @adminapi.warnings at debug level only", async () => {
      server.script = () =>
        ok([], { "@adminapi.warnings": ["The command completed but no settings were modified."] });
      const lines: string[] = [];
      const logger = {
        debug: (line: string) => lines.push(line),
        info: () => undefined,
        warn: () => undefined,
      };
      await clientFor(server, { logger }).invoke("Set-Mailbox", { Identity: "x" });
      expect(lines.some((line) => line.includes("no settings were modified"))).to.equal(true);
    });

    it("ignores an empty @adminapi.errors list", async () => {
      server.script = () => ok([{ Alias: "a" }], { "@adminapi.errors": [] });
      expect(await clientFor(server).invoke("Get-Mailbox", { Identity: "a" })).to.have.length(1);
    });

    it("fails a 2xx whose body is not JSON with an error that names the endpoint", async () => {
      server.script = () => ({ status: 200, body: "<html>sign in</html>" });
      const error = await rejectionOf(clientFor(server).invoke("Get-Mailbox", { Identity: "a" }));
      expect(isErrorOfKind(error, "Unknown")).to.equal(true);
    });
  });

  describe("an error", () => {
    it("carries operation, method, URL without query, status, exception type and request ids", async () => {
      server.script = () => ({
        status: 404,
        headers: { "request-id": "rid-1" },
        body: envelope(
          "NotFound",
          "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
          "The operation couldn't be performed because object 'nobody' couldn't be found.",
        ),
      });
      const error = await rejectionOf(
        clientFor(server).invoke("Get-Mailbox", { Identity: "nobody" }, { select: ["Alias"] }),
      );
      expect(isErrorOfKind(error, "NotFound")).to.equal(true);
      const { context } = error as { context: Record<string, unknown> };
      expect(context).to.deep.include({
        operation: "Get-Mailbox",
        method: "POST",
        url: `${server.url}/adminapi/beta/${TENANT}/InvokeCommand`,
        status: 404,
        exceptionType: "ManagementObjectNotFoundException",
        requestId: "rid-1",
        clientRequestId: server.seen[0]?.headers["client-request-id"],
      });
      expect((error as Error).message)
        .to.contain("couldn't be found")
        .and.contain("Check the identity");
    });

    it("never carries the token, in its message, its cause or anything it serializes", async () => {
      server.script = () => "reset";
      const client = clientFor(server, { retry: { maxAttempts: 1 } });
      const error = await rejectionOf(client.invoke("Get-Mailbox", { Identity: "a" }));
      const cause = (error as Error).cause as Error;
      expect(cause).to.be.instanceOf(Error);
      expect(Object.keys(cause)).to.not.include("config");
      const text = JSON.stringify(error) + String(error) + String(cause) + JSON.stringify(cause);
      expect(text).to.not.contain("token-");
      expect(text).to.not.contain("Bearer");
    });

    it("tells a caller lacking a role what to check, with the diagnostics header", async () => {
      server.script = () => ({
        status: 403,
        headers: { "x-ms-diagnostics": '2000008;reason="The app\'s role is not supported"' },
        body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42]),
      });
      const error = await rejectionOf(clientFor(server).invoke("Get-Foo", { Identity: "a" }));
      expect(isErrorOfKind(error, "Forbidden")).to.equal(true);
      expect((error as Error).message)
        .to.contain("Exchange.ManageAsApp")
        .and.contain("Exchange role")
        .and.contain("2000008");
    });
  });
});
