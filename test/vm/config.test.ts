import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildApp } from "../../app/app";
import { parseConfig } from "../../config/load";
import { MeshValidationError } from "../../constructs/errors";
import { vmConfig } from "./helpers";

/** The problem lines a mutated hybrid-vm config gives. */
function problems(mutate: (c: any) => void): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    parseConfig(vmConfig(mutate), "vm.yaml");
  } catch (e) {
    if (e instanceof MeshValidationError) return [...e.problems];
    throw e;
  }
  return [];
}

describe("kind: vm config", () => {
  it("accepts config/hybrid-vm.yaml", () => {
    const config = parseConfig(vmConfig(), "vm.yaml");
    const env = config.environments.onprem;
    expect(env.kind).toBe("vm");
    if (env.kind !== "vm") return;
    expect(env.servers).toHaveLength(3);
    expect(env.clients.flatMap((c) => c.services).sort()).toEqual(["a", "b", "e", "f"]);
  });

  it.each([[2], [4]])("rejects %i servers, naming the path", (n) => {
    expect(problems((c) => (c.environments.onprem.servers = c.environments.onprem.servers.concat([{ name: "consul-4", address: "192.168.10.14" }]).slice(0, n)))).toEqual([
      expect.stringMatching(new RegExp(`^vm.yaml: environments\\.onprem\\.servers: ${n} servers; use 1, or an odd number from 3`)),
    ]);
  });

  it("accepts a single server", () => {
    expect(problems((c) => (c.environments.onprem.servers = [c.environments.onprem.servers[0]]))).toEqual([]);
  });

  it("never takes a key or a key path for SSH", () => {
    expect(problems((c) => (c.environments.onprem.ssh.key = { path: "~/.ssh/id_ed25519" }))).toEqual(["vm.yaml: environments.onprem.ssh.key.path: unknown field"]);
    expect(problems((c) => (c.environments.onprem.ssh.key = { agent: true, env: "TF_VAR_k" }))).toEqual([expect.stringMatching(/^vm\.yaml: environments\.onprem\.ssh\.key: .* must NOT have more than 1 properties$/)]);
    expect(problems((c) => (c.environments.onprem.ssh.key = { env: "SSH_KEY" }))).toEqual([
      'vm.yaml: environments.onprem.ssh.key.env: "SSH_KEY" does not match ^TF_VAR_[A-Za-z_][A-Za-z0-9_]*$',
    ]);
  });

  it("requires pinned versions", () => {
    expect(problems((c) => (c.environments.onprem.versions.consul = "latest"))).toEqual([
      expect.stringContaining('environments.onprem.versions.consul: "latest" does not match'),
    ]);
  });

  it("checks each client's services", () => {
    expect(problems((c) => c.environments.onprem.clients[0].services.push("zz"))).toEqual(['vm.yaml: environments.onprem.clients[0].services[2]: "zz" is not a declared service']);
    expect(problems((c) => c.environments.onprem.clients[0].services.push("c"))).toEqual([
      'vm.yaml: environments.onprem.clients[0].services[2]: "c" does not run in onprem; add "onprem" to its environments',
    ]);
    expect(problems((c) => (c.environments.onprem.clients[1].services = ["e"]))).toEqual([
      'vm.yaml: environments.onprem.clients: no client runs "f", which runs in onprem; add it to a client\'s services',
    ]);
  });

  it("rejects co-located services that would collide on the host", () => {
    expect(problems((c) => (c.services.find((s: { name: string }) => s.name === "b").port = 8080))).toEqual([
      'vm.yaml: environments.onprem.clients[0].services[1]: "b" listens on port 8080 like "a" on the same host; give one another port',
    ]);
    // b calling c like a does: both sidecars would bind c's upstream port on app-1.
    expect(problems((c) => c.calls.push("b -> c"))).toEqual([
      'vm.yaml: environments.onprem.clients[0].services[1]: "b" and "a" both call "c"; their sidecars would bind the same upstream port on this host, so run them on different hosts',
    ]);
    expect(problems((c) => (c.services.find((s: { name: string }) => s.name === "f").port = 8501))).toEqual([
      expect.stringContaining('environments.onprem.clients[1].services[1]: "f" listens on port 8501, which the host reserves for Consul HTTPS API'),
    ]);
  });

  it("rejects duplicate hosts and addresses outside the LAN", () => {
    expect(problems((c) => (c.environments.onprem.meshGateway.name = "app-1"))).toEqual([
      'vm.yaml: environments.onprem.meshGateway.name: "app-1" is already the name of environments.onprem.clients[0]; every host is its own Consul node',
    ]);
    expect(problems((c) => (c.environments.onprem.clients[1].address = "10.99.0.5"))).toEqual([
      'vm.yaml: environments.onprem.clients[1].address: "10.99.0.5" is outside environments.onprem.networkCidrs (192.168.0.0/16)',
    ]);
  });

  it("lets a vm environment only dial", () => {
    expect(problems((c) => (c.peerings = [{ acceptor: "onprem", dialer: "cloud", version: 1 }]))).toContain(
      'vm.yaml: peerings[0].acceptor: "onprem" is a vm environment, which can only dial (it reads the acceptor\'s token from its Kubernetes Secret); make "onprem" the dialer',
    );
  });

  it("names vm among the kinds", () => {
    expect(problems((c) => (c.environments.onprem.kind = "bare"))).toEqual(['vm.yaml: environments.onprem.kind: "bare" must be one of "eks", "kind", "vm"']);
  });

  it("checks the derived upstream ports against each host, like the ports of a pod", () => {
    const config = parseConfig(vmConfig((c) => (c.services.find((s: { name: string }) => s.name === "b").port = 9102)), "vm.yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-vm-ports-"));
    try {
      expect(() => buildApp(config, dir)).toThrow(MeshValidationError);
      try {
        buildApp(config, dir);
      } catch (e) {
        expect((e as MeshValidationError).problems).toEqual(['environments.onprem.clients[0]: port 9102 is both "a"\'s upstream listener for "c" and the port of "b" on "app-1"']);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
