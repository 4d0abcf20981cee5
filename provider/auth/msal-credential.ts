/**
 * Turns the resolved credential into MSAL's auth options: a secret, a certificate read from
 * its PEM file, or a client-assertion callback for federated tokens.
 */
import type { Configuration } from "@azure/msal-node";
import type * as https from "node:https";
import { assertionFromFile, assertionFromGitHub } from "./assertions";
import { loadCertificate } from "./certificate";
import type { ConnectionSettings } from "./settings";

/** The credential part of MSAL's `auth` options. */
export type MsalCredentialOptions = Pick<
  Configuration["auth"],
  "clientSecret" | "clientCertificate" | "clientAssertion"
>;

/**
 * MSAL credential options for `settings.credential`. Reads the certificate file now; federated
 * tokens are read by the returned callbacks on every token request.
 *
 * @throws CloudManagedError of kind `Configuration` for certificate file problems.
 */
export async function msalCredentialOptions(
  settings: ConnectionSettings,
  agent: https.Agent,
): Promise<MsalCredentialOptions> {
  const { credential, sources } = settings;
  const from = sources["credential"] ?? "settings";
  switch (credential.kind) {
    case "secret":
      return { clientSecret: credential.secret };
    case "certificate": {
      const passwordSource = sources["certificatePassword"];
      const loaded = await loadCertificate(credential.path, credential.password, {
        path: from,
        ...(passwordSource === undefined ? {} : { password: passwordSource }),
      });
      return {
        clientCertificate: {
          thumbprintSha256: loaded.thumbprintSha256,
          privateKey: loaded.privateKey,
          x5c: loaded.x5c,
        },
      };
    }
    case "federatedTokenFile":
      return { clientAssertion: assertionFromFile(credential.path, from) };
    case "federatedToken":
      return { clientAssertion: credential.token };
    case "githubOidc":
      return {
        clientAssertion: assertionFromGitHub(
          credential.requestUrl,
          credential.requestToken,
          credential.audience,
          agent,
          from,
        ),
      };
  }
}
