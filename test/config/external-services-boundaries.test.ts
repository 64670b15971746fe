import * as path from "path";
import { checkExternalServices } from "../../config/external-services";
import { loadConfig } from "../../config/load";
import type { MeshConfig } from "../../config/types";
import { set } from "../support";

// externalServices' address at each boundary: which names count as all digits, which addresses as
// the gateway's own host (loopback and unspecified, IPv4 and IPv6), and names that only contain them.

let example: MeshConfig;
beforeAll(() => {
  example = loadConfig(path.join(__dirname, "../../config/hybrid-kind-legacy.yaml"));
});

/** The issues of the kind example with its first external service (protocol http) at `address`. */
function issuesAt(address: string): string[] {
  const config = structuredClone(example);
  set(config, "externalServices[0].address", address);
  return checkExternalServices(config).map((i) => `${i.path}: ${i.message}`);
}

const OWN = "is the gateway's own host; give the address the legacy service listens on";

describe("externalServices address boundaries", () => {
  it("stays silent for the example", () => {
    expect(checkExternalServices(example)).toEqual([]);
  });

  it.each([
    ["a name ending in a digit", "db2"],
    ["a name beginning with digits", "10.example.com"],
    ["a name holding 127.", "web127.example.com"],
    ["a name beginning with 0.0.0.0", "0.0.0.0.example.com"],
    ["an IPv6 address beginning with ::", "::2"],
  ])("accepts %s", (_what, address) => {
    expect(issuesAt(address)).toEqual([]);
  });

  it("refuses dotted digits that are no IP address", () => {
    expect(issuesAt("1.2.3")).toEqual(['externalServices[0].address: "1.2.3" is neither an IP address nor a DNS name']);
  });

  it.each(["::", "0.0.0.0", "127.1.2.3", "LocalHost"])("refuses the gateway's own host %s", (address) => {
    expect(issuesAt(address)).toEqual([`externalServices[0].address: "${address}" ${OWN}`]);
  });
});
