/**
 * Compact JWS with RS256 and PS256, by hand on node:crypto: enough to mint access tokens and
 * to check client assertions.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyLike,
  type KeyObject,
} from "node:crypto";

/** A decoded, not yet verified token. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Algorithms this module signs and verifies. */
export type JwtAlgorithm = "RS256" | "PS256";

/** Signs `payload` with an RSA private key. */
export function signJwt(
  payload: Record<string, unknown>,
  privateKey: KeyLike,
  header: Record<string, unknown> = {},
  alg: JwtAlgorithm = "RS256",
): string {
  const fullHeader = { typ: "JWT", ...header, alg };
  const signingInput = `${base64urlJson(fullHeader)}.${base64urlJson(payload)}`;
  const key =
    typeof privateKey === "string" ? createPrivateKey(privateKey) : (privateKey as KeyObject);
  const signature = sign(
    "sha256",
    Buffer.from(signingInput),
    rsaOptions(key, alg, constants.RSA_PSS_SALTLEN_DIGEST),
  );
  return `${signingInput}.${signature.toString("base64url")}`;
}

/** Splits and parses a compact JWS; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as unknown;
    const payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
  } catch {
    return undefined;
  }
}

/** True when the token's signature verifies with `publicKey` under the header's `alg`. */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyLike): boolean {
  const alg = jwt.header["alg"];
  if (alg !== "RS256" && alg !== "PS256") return false;
  try {
    const key =
      typeof publicKey === "string" ? createPublicKey(publicKey) : (publicKey as KeyObject);
    const options = rsaOptions(key, alg, constants.RSA_PSS_SALTLEN_AUTO);
    return verify("sha256", Buffer.from(jwt.signingInput), options, jwt.signature);
  } catch {
    return false;
  }
}

function rsaOptions(
  key: KeyObject,
  alg: JwtAlgorithm,
  pssSalt: number,
): { key: KeyObject; padding: number; saltLength: number } {
  return alg === "PS256"
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pssSalt }
    : { key, padding: constants.RSA_PKCS1_PADDING, saltLength: 0 };
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
