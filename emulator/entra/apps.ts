/**
 * The tenant's app registrations: who may ask for tokens, with which credentials, and which
 * Exchange permissions they carry.
 */
import { thumbprintSha1, thumbprintSha256, publicKeyOfCertificate } from "../certs";
import type { AppRegistration, FederatedCredential } from "../types";

/** The role the beta admin API requires. */
export const MANAGE_AS_APP = "Exchange.ManageAsApp";

/** A registered certificate, indexed by both thumbprint forms. */
export interface RegisteredCertificate {
  sha256: string;
  sha1: string;
  publicKeyPem: string;
}

/** An app registration with its defaults filled in. */
export interface RegisteredApp {
  clientId: string;
  secrets: string[];
  certificates: RegisteredCertificate[];
  federated: FederatedCredential[];
  roles: string[];
  exchangeRoleAssigned: boolean;
}

/** The set of app registrations of one tenant. */
export class AppDirectory {
  private readonly apps = new Map<string, RegisteredApp>();

  /** Adds or replaces an app. */
  register(app: AppRegistration): void {
    this.apps.set(app.clientId.toLowerCase(), {
      clientId: app.clientId,
      secrets: [...(app.secrets ?? [])],
      certificates: (app.certificatesPem ?? []).map((pem) => ({
        sha256: thumbprintSha256(pem),
        sha1: thumbprintSha1(pem),
        publicKeyPem: publicKeyOfCertificate(pem),
      })),
      federated: [...(app.federated ?? [])],
      roles: [...(app.roles ?? [MANAGE_AS_APP])],
      exchangeRoleAssigned: app.exchangeRoleAssigned ?? true,
    });
  }

  /** The app with this client id, if registered. */
  get(clientId: string): RegisteredApp | undefined {
    return this.apps.get(clientId.toLowerCase());
  }
}
