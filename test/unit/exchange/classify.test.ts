import { expect } from "chai";
import type { ErrorKind } from "../../../provider/errors";
import {
  classifyAdminApiErrors,
  classifyFailure,
  type FailureEvidence,
} from "../../../provider/exchange";
import { envelope } from "./support";

const TASKS = "Microsoft.Exchange.Configuration.Tasks";
const DIRECTORY = "Microsoft.Exchange.Data.Directory";

function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FailureEvidence {
  return { status, headers, body: JSON.stringify(body) };
}

interface Case {
  readonly name: string;
  readonly evidence: FailureEvidence;
  readonly kind: ErrorKind;
  readonly exceptionType?: string;
}

const cases: readonly Case[] = [
  {
    name: "a not-found exception answered as 404",
    evidence: json(
      404,
      envelope(
        "NotFound",
        `${TASKS}.ManagementObjectNotFoundException`,
        "The operation couldn't be performed because object 'x' couldn't be found on 'AM0PR01A001.PROD.OUTLOOK.COM'.",
      ),
    ),
    kind: "NotFound",
    exceptionType: "ManagementObjectNotFoundException",
  },
  {
    name: "a not-found exception answered as 400",
    evidence: json(
      400,
      envelope("BadRequest", `${TASKS}.ManagementObjectNotFoundException`, "couldn't be found"),
    ),
    kind: "NotFound",
    exceptionType: "ManagementObjectNotFoundException",
  },
  {
    name: "an ambiguous identity",
    evidence: json(
      400,
      envelope(
        "BadRequest",
        `${TASKS}.ManagementObjectAmbiguousException`,
        "The operation couldn't be performed because 'ann' matches multiple entries.",
      ),
    ),
    kind: "Ambiguous",
    exceptionType: "ManagementObjectAmbiguousException",
  },
  {
    name: "a write to an object synchronized from on-premises",
    evidence: json(
      400,
      envelope(
        "BadRequest",
        `${TASKS}.TaskInvalidOperationException`,
        "The operation on mailbox \"ann\" failed because it's out of the current user's write scope. The action 'Set-Mailbox', 'EmailAddresses', can't be performed on the object 'ann' because the object is being synchronized from your on-premises organization.",
      ),
    ),
    kind: "WriteRefused",
    exceptionType: "TaskInvalidOperationException",
  },
  {
    name: "a switch on a cloud-only mailbox",
    evidence: json(
      400,
      envelope(
        "BadRequest",
        `${TASKS}.TaskInvalidOperationException`,
        "IsExchangeCloudManaged can only be set for mailboxes that are synchronized from on-premises.",
      ),
    ),
    kind: "NotEligible",
  },
  {
    name: "a caller not allowed to run the cmdlet (401)",
    evidence: json(
      401,
      envelope(
        "Unauthorized",
        `${TASKS}.CmdletAccessDeniedException`,
        "The user isn't allowed to run the cmdlet.",
      ),
    ),
    kind: "Forbidden",
  },
  {
    name: "a role not supported in this scenario",
    evidence: json(
      403,
      envelope(
        "Forbidden",
        `${TASKS}.TaskException`,
        "The role assigned to application is not supported in this scenario.",
      ),
    ),
    kind: "Forbidden",
  },
  {
    name: "a bodiless 403",
    evidence: { status: 403, headers: {} },
    kind: "Forbidden",
  },
  {
    name: "a 403 of undecodable bytes claiming gzip (unknown cmdlet)",
    evidence: {
      status: 403,
      headers: { "content-encoding": "gzip" },
      body: "\u001f\u008b\u0008\u0000\u0000\u0001\u0002\u0003",
    },
    kind: "Forbidden",
  },
  {
    name: "a 429 with no body",
    evidence: { status: 429, headers: { "retry-after": "0.5" } },
    kind: "Throttled",
  },
  {
    name: "a plain-text concurrent-request limit",
    evidence: {
      status: 503,
      headers: { "content-type": "text/plain" },
      body: "The tenant has exceeded the maximum number of concurrent requests.",
    },
    kind: "Throttled",
  },
  ...[
    "ADTransientException",
    "DCOverloadedException",
    "SuitabilityDirectoryException",
    "ServerInMMException",
    "ADServerSettingsChangedException",
    "StorageTransientException",
  ].map((type): Case => ({
    name: `a ${type} in a 500`,
    evidence: json(
      500,
      envelope("InternalServerError", `${DIRECTORY}.${type}`, "Active Directory hiccup."),
    ),
    kind: "Transient",
    exceptionType: type,
  })),
  ...[502, 503, 504].map((status): Case => ({
    name: `a bare ${status}`,
    evidence: { status, headers: {}, body: "Service Unavailable" },
    kind: "Transient",
  })),
  {
    name: "the exception type given only in x-ExceptionType",
    evidence: { status: 500, headers: { "x-exceptiontype": "ADTransientException" }, body: "oops" },
    kind: "Transient",
    exceptionType: "ADTransientException",
  },
  {
    name: "a parameter binding failure",
    evidence: json(
      400,
      envelope(
        "BadRequest",
        "System.Management.Automation.ParameterBindingException",
        "A parameter cannot be found that matches parameter name 'Bogus'.",
      ),
    ),
    kind: "InvalidInput",
    exceptionType: "ParameterBindingException",
  },
  {
    name: "a bare BadRequest",
    evidence: json(400, { error: { code: "BadRequest", message: "Invalid request." } }),
    kind: "InvalidInput",
  },
  {
    name: "a 404 with no exception (wrong URL), which must not read as 'gone'",
    evidence: { status: 404, headers: {}, body: "" },
    kind: "Unknown",
  },
  {
    name: "a 405 from the v1.0 endpoint",
    evidence: { status: 405, headers: {} },
    kind: "Unknown",
  },
  {
    name: "a connection reset",
    evidence: { networkCode: "ECONNRESET", networkMessage: "read ECONNRESET" },
    kind: "Transient",
  },
  { name: "a socket hang up", evidence: { networkMessage: "socket hang up" }, kind: "Transient" },
  {
    name: "a client timeout",
    evidence: { networkCode: "ETIMEDOUT", networkMessage: "timeout of 100ms exceeded" },
    kind: "Transient",
  },
  {
    name: "an untrusted certificate",
    evidence: { networkCode: "SELF_SIGNED_CERT_IN_CHAIN" },
    kind: "Configuration",
  },
  {
    name: "a refused connection (a service restarting)",
    evidence: { networkCode: "ECONNREFUSED" },
    kind: "Transient",
  },
  {
    name: "a host name that does not resolve",
    evidence: { networkCode: "ENOTFOUND" },
    kind: "Configuration",
  },
  { name: "a 418 nobody expects", evidence: { status: 418, headers: {} }, kind: "Unknown" },
];

describe("classifyFailure", () => {
  for (const { name, evidence, kind, exceptionType } of cases) {
    it(`reads ${name} as ${kind}`, () => {
      const classification = classifyFailure(evidence);
      expect(classification.kind).to.equal(kind);
      if (exceptionType !== undefined) expect(classification.exceptionType).to.equal(exceptionType);
    });
  }

  it("keeps the service's text of an ambiguous match, which names the candidates", () => {
    const text =
      "The operation couldn't be performed because 'ann' matches multiple entries: ann@contoso.com, ann.b@contoso.com.";
    const { serviceMessage } = classifyFailure(
      json(400, envelope("BadRequest", `${TASKS}.ManagementObjectAmbiguousException`, text)),
    );
    expect(serviceMessage).to.equal(text);
  });

  it("drops bytes that are not text instead of echoing them", () => {
    const { serviceMessage } = classifyFailure({
      status: 403,
      body: "\u001f\u008b\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0003",
    });
    expect(serviceMessage).to.equal(undefined);
  });

  it("keeps the x-ms-diagnostics text", () => {
    const { diagnostics } = classifyFailure({
      status: 403,
      headers: { "x-ms-diagnostics": '2000003;reason="invalid audience"' },
    });
    expect(diagnostics).to.contain("invalid audience");
  });
});

describe("classifyAdminApiErrors", () => {
  const table: ReadonlyArray<readonly [string, unknown, ErrorKind]> = [
    ["a not-found message", [{ Message: "object 'x' couldn't be found on 'server'." }], "NotFound"],
    [
      "an exception-typed detail",
      ["Ex1|Microsoft.Exchange.Data.Directory.ADTransientException|busy"],
      "Transient",
    ],
    [
      "a write-scope refusal",
      [{ ErrorDetails: { Message: "out of the current user's write scope" } }],
      "WriteRefused",
    ],
    ["something unrecognised", [{ Message: "Something odd." }], "Unknown"],
  ];
  for (const [name, errors, kind] of table) {
    it(`reads ${name} as ${kind}`, () => {
      expect(classifyAdminApiErrors(errors).kind).to.equal(kind);
    });
  }
});
