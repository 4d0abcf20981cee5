/**
 * Access tokens: minted with the emulator's signing key, published as a JWKS, and checked
 * by the Exchange side.
 */
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { decodeJwt, signJwt, verifyJwtSignature } from "../jwt";

/** Claims the Exchange side reads from an access token. */
export interface AccessTokenClaims {
  aud: string;
  tid: string;
  appid: string;
  roles?: string[];
  exp: number;
  [claim: string]: unknown;
}

/** Signs and verifies the tenant's access tokens. */
export class TokenIssuer {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** Key id in token headers and the JWKS. */
  readonly kid: string;

  constructor() {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    const der = this.publicKey.export({ type: "spki", format: "der" });
    this.kid = createHash("sha256").update(der).digest("base64url").slice(0, 27);
  }

  /** A signed access token carrying `claims`. */
  mint(claims: AccessTokenClaims): string {
    return signJwt(claims, this.privateKey, { kid: this.kid, x5t: this.kid });
  }

  /** The claims of a token this issuer signed; undefined for a bad signature or shape. */
  verify(token: string): AccessTokenClaims | undefined {
    const jwt = decodeJwt(token);
    if (jwt === undefined || jwt.header["kid"] !== this.kid) return undefined;
    if (!verifyJwtSignature(jwt, this.publicKey)) return undefined;
    const { aud, tid, appid, exp } = jwt.payload;
    if (typeof aud !== "string" || typeof tid !== "string" || typeof appid !== "string")
      return undefined;
    if (typeof exp !== "number") return undefined;
    return jwt.payload as AccessTokenClaims;
  }

  /** The JSON Web Key Set publishing the verification key. */
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: "jwk" });
    return { keys: [{ ...jwk, kid: this.kid, use: "sig", alg: "RS256" }] };
  }
}
