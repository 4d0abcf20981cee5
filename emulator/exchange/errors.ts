/**
 * Exchange admin API error envelopes: `{"error": {code, message, details, innererror}}` with
 * the exception type inside `details[0].message` as `<errorId>|<Exception.Type>|<text>`.
 */
import type { Reply } from "../http";
import { newRequestId } from "../http";

/** The server name Exchange prints in not-found messages. */
export const DOMAIN_CONTROLLER = "EMUPR01A001DC01.EMUPR01A001.PROD.OUTLOOK.COM";

/** A cmdlet failure the handlers raise and the dispatcher turns into an envelope. */
export class CmdletError extends Error {
  override readonly name = "CmdletError";

  constructor(
    readonly status: number,
    readonly code: string,
    readonly exceptionType: string,
    readonly errorId: string,
    message: string,
  ) {
    super(message);
  }

  /** The text Exchange puts in `details[0].message`. */
  get detail(): string {
    return `${this.errorId}|${this.exceptionType}|${this.message}`;
  }
}

/** Object not found (404, `ManagementObjectNotFoundException`). */
export function notFound(identity: string): CmdletError {
  return new CmdletError(
    404,
    "NotFound",
    "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
    "Ex6F9304",
    `The operation couldn't be performed because object '${identity}' couldn't be found on '${DOMAIN_CONTROLLER}'.`,
  );
}

/** Identity names several objects (`ManagementObjectAmbiguousException`), listing them. */
export function ambiguous(identity: string, matches: string[]): CmdletError {
  return new CmdletError(
    400,
    "BadRequest",
    "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException",
    "Ex0EEA79",
    `The operation couldn't be performed because '${identity}' matches multiple entries. ` +
      `Matching entries: ${matches.join(", ")}.`,
  );
}

/** A write to an attribute on-prem AD still masters. */
export function writeScope(identity: string, cmdlet: string, parameter: string): CmdletError {
  return new CmdletError(
    400,
    "BadRequest",
    "Microsoft.Exchange.Data.Directory.InvalidOperationOnSyncedObjectException",
    "Ex2CB6F3",
    `The operation on mailbox "${identity}" failed because it's out of the current user's write scope. ` +
      `The action '${cmdlet}', '${parameter}', can't be performed on the object '${identity}' because the object is being synchronized from your on-premises organization. ` +
      `This action should be performed on the object in your on-premises organization, or set IsExchangeCloudManaged to $true first.`,
  );
}

/** IsExchangeCloudManaged on an object it does not apply to. */
export function notEligible(identity: string, reason: string): CmdletError {
  return new CmdletError(
    400,
    "BadRequest",
    "Microsoft.Exchange.Management.Tasks.RecipientTaskException",
    "Ex7A3C21",
    `IsExchangeCloudManaged can't be set on '${identity}': ${reason}. ` +
      `It applies only to directory-synchronized user, shared, room and equipment mailboxes.`,
  );
}

/** A parameter that does not exist or has the wrong type. */
export function badParameter(message: string): CmdletError {
  return new CmdletError(
    400,
    "BadRequest",
    "System.Management.Automation.ParameterBindingException",
    "Ex9E0C5B",
    message,
  );
}

/** The caller may not run this (missing Exchange role). */
export function notAllowed(appId: string): CmdletError {
  return new CmdletError(
    403,
    "Forbidden",
    "Microsoft.Exchange.Configuration.Tasks.CmdletAccessDeniedException",
    "Ex4DB5A1",
    `The role assigned to application ${appId} isn't supported in this scenario. ` +
      `Please check online documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication.`,
  );
}

/** A transient directory failure. */
export function transient(exceptionType: string): CmdletError {
  const type = exceptionType.includes(".")
    ? exceptionType
    : `Microsoft.Exchange.Data.Directory.${exceptionType}`;
  return new CmdletError(
    500,
    "InternalServerError",
    type,
    "Ex1B2E5D",
    `Active Directory operation failed on ${DOMAIN_CONTROLLER}. This error may be transient; try again.`,
  );
}

/** The envelope for a cmdlet error, with the headers Exchange sends alongside. */
export function errorReply(error: CmdletError): Reply {
  return {
    status: error.status,
    headers: {
      "request-id": newRequestId(),
      "x-exceptiontype": error.exceptionType.split(".").pop() ?? error.exceptionType,
    },
    body: errorEnvelope(error),
  };
}

/** Just the `{"error": ...}` body. */
export function errorEnvelope(error: CmdletError): Record<string, unknown> {
  return {
    error: {
      code: error.code,
      message: "Error executing cmdlet",
      details: [{ code: "Context", target: "", message: error.detail }],
      innererror: {
        message: "Error executing cmdlet",
        type: "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
        "@Microsoft.Exchange.Diagnostics.ExceptionType": error.exceptionType,
      },
    },
  };
}
