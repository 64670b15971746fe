import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadConfig } from "../../config/load";
import type { KindEnvironmentConfig, MeshConfig } from "../../config/types";
import { problemsOf } from "../constructs/helpers";
import { defaultApp } from "./helpers";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-kind-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});
let base: MeshConfig;
let onprem: KindEnvironmentConfig;
beforeAll(() => {
  base = loadConfig();
  onprem = base.environments.onprem as KindEnvironmentConfig;
});

/** The default config with the on-prem environment changed. */
function withOnprem(
  change: Partial<KindEnvironmentConfig>,
  meshGateway: Partial<KindEnvironmentConfig["meshGateway"]> = {},
): MeshConfig {
  const env = { ...onprem, ...change, meshGateway: { ...onprem.meshGateway, ...meshGateway } };
  return { ...base, environments: { ...base.environments, onprem: env } };
}
/** A kind config file with the shipped content, changed. */
function kindFile(name: string, text: string): string {
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}
const shipped = fs.readFileSync(path.join(__dirname, "../../config/kind/onprem.yaml"), "utf8");

describe("the on-prem gateway over the VPN", () => {
  it("accepts the default: the LAN address in the routed on-prem network, the host port the kind config maps", () => {
    expect(() => defaultApp()).not.toThrow();
  });

  it("requires the LAN address and the host port in vpn mode", () => {
    const { lanAddress: _lanAddress, hostPort: _hostPort, ...gw } = onprem.meshGateway;
    const config = { ...base, environments: { ...base.environments, onprem: { ...onprem, meshGateway: gw } } };
    expect(problemsOf(() => defaultApp(config))).toEqual([
      "onprem-kind: environments.onprem.meshGateway.lanAddress: undefined is required with connectivity vpn: the kind host's LAN address, which the VPN routes (NodeIP would advertise the node container's Docker-bridge address)",
      "onprem-kind: environments.onprem.meshGateway.hostPort: undefined is required with connectivity vpn: the host port config/kind/onprem.yaml maps to NodePort 30443 (8443)",
    ]);
  });

  it("rejects a LAN address the VPN does not route", () => {
    expect(problemsOf(() => defaultApp(withOnprem({}, { lanAddress: "172.18.0.2" })))).toEqual([
      'onprem-kind: environments.onprem.meshGateway.lanAddress: "172.18.0.2" is not in a network the VPN routes (192.168.0.0/16); the cloud gateway could not reach it',
    ]);
  });

  it("rejects an advertised port the host does not map to the gateway's NodePort", () => {
    expect(problemsOf(() => defaultApp(withOnprem({}, { hostPort: 9443 })))).toEqual([
      "onprem-kind: environments.onprem.meshGateway.hostPort: 9443 is not the host port config/kind/onprem.yaml maps to NodePort 30443 (8443)",
    ]);
    const unmapped = kindFile("unmapped", shipped.replace("containerPort: 30443", "containerPort: 30444"));
    expect(problemsOf(() => defaultApp(withOnprem({ kindConfig: unmapped })))).toEqual([
      `onprem-kind: environments.onprem.meshGateway.hostPort: 8443 is advertised, but ${unmapped} maps no host port to NodePort 30443 (nodes[].extraPortMappings)`,
    ]);
  });

  it("rejects a kind config that keeps kindnet, or that cannot be read", () => {
    const kindnet = kindFile("kindnet", shipped.replace("disableDefaultCNI: true", "disableDefaultCNI: false"));
    expect(problemsOf(() => defaultApp(withOnprem({ kindConfig: kindnet })))).toEqual([
      `onprem-kind: environments.onprem.kindConfig: ${JSON.stringify(kindnet)} must set networking.disableDefaultCNI: true; Consul's CNI plugin does not chain after kindnet, so the onprem stack installs Calico`,
    ]);
    expect(problemsOf(() => defaultApp(withOnprem({ kindConfig: "config/kind/missing.yaml" })))).toEqual([
      'onprem-kind: environments.onprem.kindConfig: "config/kind/missing.yaml" cannot be read as a kind cluster config (the path is relative to the project root)',
    ]);
  });

  it("needs neither field with public connectivity (the router's public address is advertised instead)", () => {
    const { lanAddress: _lanAddress, hostPort: _hostPort, ...gw } = onprem.meshGateway;
    const config: MeshConfig = {
      ...base,
      connectivity: { type: "public" },
      environments: {
        ...base.environments,
        onprem: { ...onprem, meshGateway: { ...gw, publicAddress: "100.64.0.10" } },
      },
    };
    expect(() => defaultApp(config)).not.toThrow();
  });
});
