import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { buildApp } from "../../app/app";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/load";
import { MeshValidationError } from "../../constructs/errors";
import { upstreamPortOf } from "../../constructs/topology";
import { vmConfig } from "./helpers";
import { at, list, must, resources, set, type TerraformJson } from "../support";

/** The problem lines a mutated hybrid-vm config gives. */
function problems(mutate: (c: unknown) => void): string[] {
  try {
    parseConfig(vmConfig(mutate), "vm.yaml");
  } catch (e) {
    if (ConfigError.isConfigError(e) || e instanceof MeshValidationError) return [...e.problems];
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
    expect(env.clients.flatMap((c) => at(c, "services")).sort()).toEqual(["a", "b", "e", "f"]);
  });

  it.each([[2], [4]])("rejects %i servers, naming the path", (n) => {
    expect(
      problems((c) =>
        set(
          c,
          "environments.onprem.servers",
          list(c, "environments.onprem.servers")
            .concat([{ name: "consul-4", address: "192.168.10.14" }])
            .slice(0, n),
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        new RegExp(`^vm.yaml: environments\\.onprem\\.servers: ${n} servers; use 1, or an odd number from 3`),
      ),
    ]);
  });

  it("accepts a single server", () => {
    // when
    const lines = problems((c) => set(c, "environments.onprem.servers", [at(c, "environments.onprem.servers[0]")]));
    // then
    expect(lines).toEqual([]);
  });

  it("never takes a key or a key path for SSH", () => {
    expect(problems((c) => set(c, "environments.onprem.ssh.key", { path: "~/.ssh/id_ed25519" }))).toEqual([
      'vm.yaml: environments.onprem.ssh.key.path: unknown field; did you mean "env" or "agent"?',
    ]);
    expect(problems((c) => set(c, "environments.onprem.ssh.key", { agent: true, env: "TF_VAR_k" }))).toEqual([
      expect.stringMatching(/^vm\.yaml: environments\.onprem\.ssh\.key: .* must NOT have more than 1 properties$/),
    ]);
    expect(problems((c) => set(c, "environments.onprem.ssh.key", { env: "SSH_KEY" }))).toEqual([
      'vm.yaml: environments.onprem.ssh.key.env: "SSH_KEY" does not match ^TF_VAR_[A-Za-z_][A-Za-z0-9_]*$',
    ]);
  });

  it("takes an SSH host key to pin, never a file", () => {
    expect(
      problems((c) => set(c, "environments.onprem.servers[0].hostKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx4")),
    ).toEqual([]);
    expect(
      problems((c) => set(c, "environments.onprem.meshGateway.hostKey", "/etc/ssh/ssh_host_ed25519_key.pub")),
    ).toEqual([
      expect.stringMatching(
        /^vm\.yaml: environments\.onprem\.meshGateway\.hostKey: "\/etc\/ssh\/ssh_host_ed25519_key\.pub" does not match /,
      ),
    ]);
  });

  it("requires pinned versions", () => {
    expect(problems((c) => set(c, "environments.onprem.versions.consul", "latest"))).toEqual([
      expect.stringContaining('environments.onprem.versions.consul: "latest" does not match'),
    ]);
  });

  it("checks each client's services", () => {
    expect(problems((c) => list(c, "environments.onprem.clients[0].services").push("zz"))).toEqual([
      'vm.yaml: environments.onprem.clients[0].services[2]: "zz" is not a declared service',
    ]);
    expect(problems((c) => list(c, "environments.onprem.clients[0].services").push("c"))).toEqual([
      'vm.yaml: environments.onprem.clients[0].services[2]: "c" does not run in onprem; add "onprem" to its environments',
    ]);
    expect(problems((c) => set(c, "environments.onprem.clients[1].services", ["e"]))).toEqual([
      'vm.yaml: environments.onprem.clients: no client runs "f", which runs in onprem; add it to a client\'s services',
    ]);
  });

  it("rejects co-located services that would collide on the host", () => {
    expect(
      problems((c) =>
        set(
          list(c, "services").find((s) => at(s, "name") === "b"),
          "port",
          8080,
        ),
      ),
    ).toEqual([
      'vm.yaml: environments.onprem.clients[0].services[1]: "b" listens on port 8080 like "a" on the same host; give one another port',
    ]);
    // b calling c like a does: both sidecars would bind c's upstream port on app-1.
    expect(problems((c) => list(c, "calls").push("b -> c"))).toEqual([
      'vm.yaml: environments.onprem.clients[0].services[1]: "b" and "a" both call "c"; their sidecars would bind the same upstream port on this host, so run them on different hosts',
    ]);
    expect(
      problems((c) =>
        set(
          list(c, "services").find((s) => at(s, "name") === "f"),
          "port",
          8501,
        ),
      ),
    ).toEqual([
      expect.stringContaining(
        'environments.onprem.clients[1].services[1]: "f" listens on port 8501, which the host reserves for Consul HTTPS API',
      ),
    ]);
  });

  it("rejects duplicate hosts and addresses outside the LAN", () => {
    expect(problems((c) => set(c, "environments.onprem.meshGateway.name", "app-1"))).toEqual([
      'vm.yaml: environments.onprem.meshGateway.name: "app-1" is already the name of environments.onprem.clients[0]; every host is its own Consul node',
    ]);
    expect(problems((c) => set(c, "environments.onprem.clients[1].address", "10.99.0.5"))).toEqual([
      'vm.yaml: environments.onprem.clients[1].address: "10.99.0.5" is outside environments.onprem.networkCidrs (192.168.0.0/16)',
    ]);
  });

  it("lets a vm environment only dial", () => {
    expect(problems((c) => set(c, "peerings", [{ acceptor: "onprem", dialer: "cloud", version: 1 }]))).toContain(
      'vm.yaml: peerings[0].acceptor: "onprem" is a vm environment, which can only dial (it reads the acceptor\'s token from its Kubernetes Secret); make "onprem" the dialer',
    );
  });

  it("names vm among the kinds", () => {
    // when
    const lines = problems((c) => set(c, "environments.onprem.kind", "bare"));
    // then
    expect(lines).toEqual(['vm.yaml: environments.onprem.kind: "bare" must be one of "eks", "kind", "vm"']);
  });

  it("checks the derived upstream ports against each host, like the ports of a pod", () => {
    // b listens on the port a's sidecar binds for its upstream c, on the same host.
    const clash = upstreamPortOf("c");
    const config = parseConfig(
      vmConfig((c) =>
        set(
          list(c, "services").find((s) => at(s, "name") === "b"),
          "port",
          clash,
        ),
      ),
      "vm.yaml",
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-vm-ports-"));
    try {
      expect(() => buildApp(config, dir)).toThrow(MeshValidationError);
      try {
        buildApp(config, dir);
      } catch (e) {
        expect((e as MeshValidationError).problems).toEqual([
          `environments.onprem.clients[0]: port ${clash} is both "a"'s upstream listener for "c" and the port of "b" on "app-1"`,
        ]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("mixed topologies", () => {
  it("peers EKS with a VM datacenter and a kind cluster at once, each dialing the cloud its own way", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-vm-mixed-"));
    // The lab cluster's own kind file: its name gives the context, its subnets lie in networkCidrs.
    const kindConfig = path.join(dir, "lab.yaml");
    fs.writeFileSync(
      kindConfig,
      [
        "kind: Cluster",
        "apiVersion: kind.x-k8s.io/v1alpha4",
        "name: lab",
        "networking: { podSubnet: 172.20.0.0/17, serviceSubnet: 172.20.128.0/18, disableDefaultCNI: true }",
        "nodes:",
        "  - role: control-plane",
        "    extraPortMappings: [{ containerPort: 30443, hostPort: 8443, protocol: TCP }]",
        "",
      ].join("\n"),
    );
    const raw = vmConfig((c) => {
      set(c, "environments.lab", {
        kind: "kind",
        datacenter: "lab",
        kubeContext: "kind-lab",
        kindConfig,
        networkCidrs: ["172.20.0.0/16"],
        meshGateway: { replicas: 1, nodePort: 30443, lanAddress: "172.20.200.10", hostPort: 8443 },
        images: { repository: "hybrid-mesh/service", tag: "0.1.0" },
        backend: { type: "local" },
      });
      list(c, "environments.cloud.peerSourceCidrs").push("172.20.0.0/16");
      list(c, "peerings").push({ acceptor: "cloud", dialer: "lab", version: 1 });
      list(c, "services").push({ name: "g", environments: ["lab"], port: 8080, entrypoint: true });
      list(c, "calls").push("g -> c");
    });
    try {
      const mesh = buildApp(parseConfig(raw, "mixed.yaml"), dir);
      expect(mesh.stacks.map((s) => s.id)).toEqual([
        "cloud-infra",
        "onprem-vm",
        "lab-kind",
        "consul-cloud",
        "consul-onprem",
        "consul-lab",
        "mesh-cloud",
        "mesh-onprem",
        "mesh-lab",
      ]);
      const json = (id: string) =>
        JSON.parse(Testing.synth(must(mesh.stacks.find((s) => s.id === id)).stack)) as TerraformJson;
      const acceptorName = (j: TerraformJson) =>
        at(
          resources(j, "kubernetes_manifest").find((m) => at(m, "manifest.kind") === "PeeringAcceptor"),
          "manifest.metadata.name",
        );
      const vm = json("mesh-onprem"),
        lab = json("mesh-lab");
      expect([acceptorName(vm), acceptorName(lab)]).toEqual(["onprem", "lab"]);
      expect((resources(vm, "consul_peering") as { peer_name: string }[]).map((p) => p.peer_name)).toEqual(["cloud"]);
      expect(
        (resources(lab, "kubernetes_manifest") as { manifest: { kind: string } }[]).map((m) => m.manifest.kind),
      ).toContain("PeeringDialer");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
