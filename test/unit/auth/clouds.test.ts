import { expect } from "chai";
import { CLOUDS } from "../../../provider/auth";
import { isPublicAuthorityHost } from "../../../provider/auth/clouds";

describe("CLOUDS", () => {
  const table = [
    ["worldwide", "https://login.microsoftonline.com", "https://outlook.office365.com"],
    ["gcc", "https://login.microsoftonline.com", "https://outlook.office365.com"],
    ["gcchigh", "https://login.microsoftonline.us", "https://outlook.office365.us"],
    ["dod", "https://login.microsoftonline.us", "https://outlook-dod.office365.us"],
    ["china", "https://login.chinacloudapi.cn", "https://partner.outlook.cn"],
  ] as const;
  for (const [environment, authorityHost, exchangeUrl] of table) {
    it(`signs ${environment} in at ${authorityHost} for ${exchangeUrl}`, () => {
      expect(CLOUDS[environment]).to.deep.equal({ authorityHost, exchangeUrl });
    });
  }

  it("lists every public login host as known to MSAL", () => {
    for (const { authorityHost } of Object.values(CLOUDS)) {
      expect(isPublicAuthorityHost(authorityHost)).to.equal(true);
    }
  });

  it("treats a local emulator as an authority MSAL must be told about", () => {
    expect(isPublicAuthorityHost("https://127.0.0.1:8443")).to.equal(false);
  });
});
