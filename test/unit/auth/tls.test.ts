import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { httpsAgentFor } from "../../../provider/auth";
import { destroyHttpsAgents } from "../../../provider/auth/tls";
import { CloudManagedError } from "../../../provider/errors";
import { serverPki } from "./test-pki";

function get(url: string, agent: https.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", reject);
  });
}

describe("httpsAgentFor", () => {
  let dir: string;
  let caPath: string;
  let server: https.Server;
  let origin: string;

  before(async () => {
    const { ca, server: cert } = serverPki();
    dir = mkdtempSync(path.join(tmpdir(), "auth-tls-"));
    caPath = path.join(dir, "ca.pem");
    writeFileSync(caPath, ca.certPem);
    server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) =>
      res.end("ok"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    destroyHttpsAgents();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("returns the same keep-alive agent for the same CA file", () => {
    const agent = httpsAgentFor(caPath);
    expect(httpsAgentFor(path.relative(process.cwd(), caPath))).to.equal(agent);
    expect(agent.options.keepAlive).to.equal(true);
  });

  it("returns one agent for the system roots and another per CA file", () => {
    expect(httpsAgentFor()).to.equal(httpsAgentFor(undefined));
    expect(httpsAgentFor()).not.to.equal(httpsAgentFor(caPath));
  });

  it("trusts a server signed by the extra CA", async () => {
    expect(await get(origin, httpsAgentFor(caPath))).to.equal(200);
  });

  it("keeps verifying: without the CA the same server is refused", async () => {
    const error = await get(origin, httpsAgentFor()).then(
      () => undefined,
      (caught: unknown) => caught as NodeJS.ErrnoException,
    );
    expect(error?.code).to.match(/CERT|SIGNATURE|ISSUER/);
  });

  /** Runs `body` while recording the options of every TLS context created. */
  async function recordingContexts(body: () => Promise<void>): Promise<tls.SecureContextOptions[]> {
    const created: tls.SecureContextOptions[] = [];
    // The module object itself: an ES namespace import only has getters to it.
    const writable = require("node:tls") as { createSecureContext: typeof tls.createSecureContext };
    const original = writable.createSecureContext;
    writable.createSecureContext = (options) => {
      created.push(options ?? {});
      return original(options);
    };
    try {
      await body();
    } finally {
      writable.createSecureContext = original;
    }
    return created;
  }

  it("still trusts the system roots next to the extra CA", async () => {
    destroyHttpsAgents();
    const created = await recordingContexts(async () => {
      httpsAgentFor(caPath);
    });
    const ca = created[0]?.ca;
    expect(Array.isArray(ca) ? ca.length : 0).to.equal(tls.rootCertificates.length + 1);
  });

  it("builds the TLS context once, not once per connection", async () => {
    destroyHttpsAgents();
    const created = await recordingContexts(async () => {
      const agent = httpsAgentFor(caPath);
      const statuses = await Promise.all([1, 2, 3, 4].map(() => get(origin, agent)));
      expect(statuses).to.deep.equal([200, 200, 200, 200]);
    });
    expect(created).to.have.length(1);
  });

  const failures = [
    {
      name: "a missing file",
      content: undefined,
      mentions: ["ENOENT", "exchange:caCertificatePath"],
    },
    { name: "a file without a certificate", content: "hello", mentions: ["no PEM certificate"] },
  ];
  for (const failure of failures) {
    it(`explains ${failure.name}`, () => {
      const file = path.join(dir, `bad-${failure.content === undefined ? "missing" : "text"}.pem`);
      if (failure.content !== undefined) writeFileSync(file, failure.content);
      let caught: unknown;
      try {
        httpsAgentFor(file);
      } catch (error) {
        caught = error;
      }
      expect(CloudManagedError.isInstance(caught)).to.equal(true);
      const error = caught as CloudManagedError;
      expect(error.kind).to.equal("Configuration");
      for (const text of failure.mentions) expect(error.message).to.include(text);
    });
  }
});
