import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { Testing } from "cdktf";
import { ConsulProvider } from "@cdktf/provider-consul/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { MESH_GATEWAY_RULES } from "../../infra/vm/acl-tokens";
import { VmPeering } from "../../infra/vm/peering";
import { summaryLines } from "../../app/summary";
import { cloudConfigs, provisionedFiles, synthVmOnce, writeFiles } from "./helpers";
import { needsCommand, needsReference } from "../support/needs";
import {
  at,
  list,
  must,
  parseJson,
  record,
  resourceByIdPrefix,
  resources,
  set,
  text,
  type TerraformJson,
} from "../support";

const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx4Yq0hM2fQm1Qm0aH7Zp3VbS0uKf3bq6rTq1Vn8Wl2";
const example = synthVmOnce();
const ssh = synthVmOnce((c) => {
  set(c, "environments.onprem.delivery", "ssh");
  set(c, "environments.onprem.ssh.key", { env: "TF_VAR_onprem_ssh_key" });
  set(c, "environments.onprem.clients[0].hostKey", HOST_KEY);
});

let infra: TerraformJson;
let consul: TerraformJson;
let mesh: TerraformJson;
let docs: Record<string, string>;
beforeAll(() => {
  infra = example.json("onprem-vm");
  consul = example.json("consul-onprem");
  mesh = example.json("mesh-onprem");
  docs = cloudConfigs(infra);
});
const docOf = (host: string) => docs[`user-data-${host}`];
const agentJson = (host: string) => parseJson(writeFiles(docOf(host))["/etc/consul.d/consul.json"]);
const allText = (s: typeof example) =>
  fs
    .readdirSync(path.join(s.dir, "out", "stacks"))
    .map((st) => fs.readFileSync(path.join(s.dir, "out", "stacks", st, "cdk.tf.json"), "utf8"))
    .join("\n");

describe("agent configs", () => {
  it("servers verify TLS both ways, deny by default and serve no plaintext or WAN port", () => {
    const s = agentJson("consul-1");
    expect(s).toMatchObject({
      server: true,
      bootstrap_expect: 3,
      datacenter: "onprem",
      bind_addr: "192.168.10.11",
      retry_join: ["192.168.10.12", "192.168.10.13"],
      client_addr: "127.0.0.1",
      ports: { http: -1, grpc: -1, https: 8501, grpc_tls: 8503, serf_wan: -1 },
      addresses: { https: "127.0.0.1 192.168.10.11", grpc_tls: "192.168.10.11" },
      tls: {
        defaults: {
          ca_file: "/etc/consul.d/tls/ca.pem",
          cert_file: "/etc/consul.d/tls/server.pem",
          key_file: "/etc/consul.d/tls/server-key.pem",
          verify_incoming: true,
          verify_outgoing: true,
        },
        internal_rpc: { verify_server_hostname: true },
      },
      auto_encrypt: { allow_tls: true },
      acl: { enabled: true, default_policy: "deny" },
      connect: { enabled: true },
      peering: { enabled: true },
      ui_config: { enabled: false },
    });
    expect(at(s, "encrypt")).toBeUndefined(); // the gossip key travels over SSH, never in user-data
  });

  it("clients take their certificates from the servers (auto-encrypt) and serve gRPC TLS with them", () => {
    const c = agentJson("app-1");
    const local = { cert_file: "/etc/consul.d/tls/local.pem", key_file: "/etc/consul.d/tls/local-key.pem" };
    expect(c).toMatchObject({
      server: false,
      auto_encrypt: { tls: true },
      tls: {
        defaults: { verify_outgoing: true, verify_incoming: false },
        internal_rpc: { verify_server_hostname: true },
        https: local,
        grpc: local,
      },
    });
    // RPC uses the auto-encrypt certificate; only the loopback listeners have one of the agents' CA.
    expect(at(c, "tls.defaults.cert_file")).toBeUndefined();
    expect(at(c, "tls.grpc.use_auto_cert")).toBeUndefined();
    expect(at(c, "ports.serf_wan")).toBeUndefined();
  });

  it("registers each service at the host's LAN address with its sidecar's upstreams from the plan", () => {
    const files = provisionedFiles(resourceByIdPrefix(mesh, "terraform_data", "mesh-app-1_"));
    const def = at(parseJson(files["/etc/consul.d/service-a.json"]), "service");
    const plan = must(
      must(example.result.mesh.plan.environments.find((e) => e.name === "onprem")).workloads.find(
        (w) => w.service === "a",
      ),
    );
    expect(def).toMatchObject({ name: "a", address: "192.168.10.21", port: 8080 });
    expect(at(def, "token")).toMatch(
      /^\$\{data\.consul_acl_token_secret_id\.tokens_service-a-secret_\w+\.secret_id\}$/,
    );
    expect(at(def, "connect.sidecar_service.proxy.upstreams")).toEqual(
      plan.upstreams.map((u) => ({
        destination_name: u.service,
        ...(u.peer ? { destination_peer: u.peer, mesh_gateway: { mode: "local" } } : {}),
        local_bind_address: "127.0.0.1",
        local_bind_port: u.localPort,
      })),
    );
    expect(at(def, "connect.sidecar_service.proxy.upstreams")).toContainEqual(
      expect.objectContaining({ destination_name: "c", destination_peer: "cloud" }),
    );
  });

  it("delivers the gossip key as a reference with strict verification, and server keys only to servers", () => {
    const server = provisionedFiles(resourceByIdPrefix(consul, "terraform_data", "secrets-consul-1_"));
    expect(parseJson(server["/etc/consul.d/gossip.json"])).toEqual({
      encrypt: expect.stringMatching(/^\$\{random_id\.pki_gossip-key_\w+\.b64_std\}$/) as unknown,
      encrypt_verify_incoming: true,
      encrypt_verify_outgoing: true,
    });
    expect(at(server, ["/etc/consul.d/tls/server-key.pem"])).toMatch(
      /^\$\{tls_private_key\.pki_consul-1-key_\w+\.private_key_pem\}$/,
    );
    const client = provisionedFiles(resourceByIdPrefix(consul, "terraform_data", "secrets-app-1_"));
    expect(Object.keys(client).sort()).toEqual([
      "/etc/consul.d/gossip.json",
      "/etc/consul.d/tls/ca.pem",
      "/etc/consul.d/tls/local-key.pem",
      "/etc/consul.d/tls/local.pem",
    ]);
    expect(at(client, ["/etc/consul.d/tls/local-key.pem"])).toMatch(
      /^\$\{tls_private_key\.pki_app-1-local-key_\w+\.private_key_pem\}$/,
    );
  });

  it("signs server certificates for the name verify_server_hostname checks", () => {
    const csr = resourceByIdPrefix(consul, "tls_cert_request", "pki_consul-2-csr_");
    expect(csr.dns_names).toContain("server.onprem.consul");
    expect(csr.ip_addresses).toEqual(["192.168.10.12", "127.0.0.1"]);
    expect(resourceByIdPrefix(consul, "tls_locally_signed_cert", "pki_consul-2-cert_").allowed_uses).toEqual(
      expect.arrayContaining(["server_auth", "client_auth"]),
    );
    expect(resourceByIdPrefix(consul, "random_id", "pki_gossip-key_").byte_length).toBe(32);
    // A client's loopback certificate cannot pass as an agent on the servers' RPC.
    const local = resourceByIdPrefix(consul, "tls_locally_signed_cert", "pki_app-1-local-cert_");
    expect(local.allowed_uses).toContain("server_auth");
    expect(local.allowed_uses).not.toContain("client_auth");
    expect(resourceByIdPrefix(consul, "tls_cert_request", "pki_app-1-local-csr_")).toMatchObject({
      dns_names: ["localhost"],
      ip_addresses: ["127.0.0.1"],
    });
  });
});

describe("units", () => {
  const units = (host: string) =>
    Object.fromEntries(Object.entries(writeFiles(docOf(host))).filter(([p]) => p.startsWith("/etc/systemd/system/")));
  const parse = (unit: string) =>
    unit
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]);
  const values = (unit: string, key: string) =>
    parse(unit)
      .filter(([k]) => k === key)
      .map(([, v]) => v);

  it("gives each client the agent, a sidecar and the demo service per service; the gateway host its gateway", () => {
    expect(Object.keys(units("app-1")).sort()).toEqual(
      [
        "consul-envoy-a.service",
        "consul-envoy-b.service",
        "consul.service",
        "hybrid-mesh-a.service",
        "hybrid-mesh-b.service",
      ].map((u) => `/etc/systemd/system/${u}`),
    );
    // The example's external service (mainframe) puts the terminating gateway on the gateway host too.
    expect(Object.keys(units("gateway-1")).sort()).toEqual([
      "/etc/systemd/system/consul-mesh-gateway.service",
      "/etc/systemd/system/consul-terminating-gateway.service",
      "/etc/systemd/system/consul.service",
    ]);
    expect(Object.keys(units("consul-1"))).toEqual(["/etc/systemd/system/consul.service"]);
  });

  it("runs every unit unprivileged and sandboxed", () => {
    for (const host of ["consul-1", "app-1", "app-2", "gateway-1"]) {
      for (const [p, unit] of Object.entries(units(host))) {
        const user = values(unit, "User")[0] ?? (values(unit, "DynamicUser")[0] === "yes" ? "dynamic" : undefined);
        expect([p, user]).toEqual([p, p.endsWith("/consul.service") ? "consul" : "dynamic"]);
        for (const key of ["NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "RestrictSUIDSGID"])
          expect([p, key, values(unit, key)]).toEqual([p, key, ["yes"]]);
        expect(values(unit, "ProtectSystem")).toEqual(["strict"]);
        expect(values(unit, "CapabilityBoundingSet")).toEqual([""]);
      }
    }
  });

  it("starts sidecars with consul connect envoy -sidecar-for, each with its own admin port and its token as a credential", () => {
    const u = units("app-1");
    const a = u["/etc/systemd/system/consul-envoy-a.service"],
      b = u["/etc/systemd/system/consul-envoy-b.service"];
    expect(values(a, "ExecStart")[0]).toBe(
      "/usr/bin/consul connect envoy -sidecar-for a -admin-bind 127.0.0.1:19001 -token-file %d/token -envoy-binary /usr/bin/envoy",
    );
    expect(values(b, "ExecStart")[0]).toContain("-admin-bind 127.0.0.1:19002");
    expect(values(a, "LoadCredential")).toEqual(["token:/etc/consul.d/tokens/a"]);
    expect(values(a, "Environment")).toContain("CONSUL_GRPC_ADDR=https://127.0.0.1:8503");
  });

  it("registers the mesh gateway with its LAN and WAN addresses", () => {
    const g = units("gateway-1")["/etc/systemd/system/consul-mesh-gateway.service"];
    expect(values(g, "ExecStart")[0]).toBe(
      "/usr/bin/consul connect envoy -gateway=mesh -register -service mesh-gateway -address 192.168.10.30:8443 -wan-address 192.168.10.30:8443 -admin-bind 127.0.0.1:19000 -token-file %d/token -envoy-binary /usr/bin/envoy",
    );
  });

  it("runs the demo service on loopback with the same UPSTREAMS contract as on Kubernetes", () => {
    const a = units("app-1")["/etc/systemd/system/hybrid-mesh-a.service"];
    const plan = must(
      must(example.result.mesh.plan.environments.find((e) => e.name === "onprem")).workloads.find(
        (w) => w.service === "a",
      ),
    );
    expect(values(a, "Environment")).toEqual([
      "SERVICE_NAME=a",
      "ENVIRONMENT=onprem",
      "HOST=127.0.0.1",
      "PORT=8080",
      `UPSTREAMS=${plan.upstreams.map((u) => `${u.service}=http://127.0.0.1:${u.localPort}`).join(",")}`,
    ]);
    expect(values(a, "ExecStart")).toEqual(["/usr/bin/node /opt/hybrid-mesh/server.js"]);
  });
});

describe("delivery", () => {
  it("outputs cloud-init user-data per host, with no secret and no Terraform reference in it", () => {
    expect(Object.keys(infra.output ?? {}).sort()).toEqual(
      ["app-1", "app-2", "consul-1", "consul-2", "consul-3", "gateway-1"].map((h) => `user_data_${h}`),
    );
    for (const doc of Object.values(docs)) {
      expect(doc.startsWith("#cloud-config\n")).toBe(true);
      expect(doc).not.toContain("${");
      expect(doc).not.toMatch(/PRIVATE KEY|"encrypt"|"token"/);
      const parsed = YAML.parse(doc) as unknown;
      expect(at(parsed, "runcmd")).toEqual([["sh", "/var/lib/hybrid-mesh/install.sh"]]);
    }
    const install = writeFiles(docOf("app-1"))["/var/lib/hybrid-mesh/install.sh"];
    expect(install).toContain("'consul=2.0.3-*' envoy=1.35.3 nodejs");
    expect(install).toContain("grep -q '^fpr:*798AEC654E5C15428C8E42EEAA16FCBCA621E701:'");
    expect(install).toContain("chown root:consul /etc/consul.d/consul.json && chmod 0640 /etc/consul.d/consul.json");
  });

  it("over SSH, applies the same files, re-running when a file's hash changes", () => {
    const host = resourceByIdPrefix(ssh.json("onprem-vm"), "terraform_data", "host-app-1_");
    const files = writeFiles(docOf("app-1"));
    const placed = provisionedFiles(host);
    for (const [p, content] of Object.entries(files))
      if (p !== "/var/lib/hybrid-mesh/install.sh") expect([p, placed[p]]).toEqual([p, content]);
    const mode = (p: string) => (p.startsWith("/etc/systemd/") ? "0644" : "0640");
    for (const p of Object.keys(placed)) {
      expect(at(host, ["triggers_replace", "files", p])).toBe(
        crypto
          .createHash("sha256")
          .update(`${mode(p)}\n${placed[p]}`)
          .digest("hex"),
      );
    }
    expect(at(host, "connection")).toEqual({
      type: "ssh",
      host: "192.168.10.21",
      user: "deploy",
      port: 22,
      host_key: HOST_KEY,
      agent: "false",
      private_key: "${var.onprem_ssh_key}",
    });
    expect(
      at(resourceByIdPrefix(ssh.json("onprem-vm"), "terraform_data", "host-app-2_"), "connection.host_key"),
    ).toBeUndefined();
    expect(at(ssh.json("onprem-vm"), "variable.onprem_ssh_key")).toMatchObject({ sensitive: true, type: "string" });
    const last = at(list(host, "provisioner").at(-1), ["remote-exec"]);
    expect(at(last, "inline")).toEqual(["sudo sh /var/tmp/hybrid-mesh-deploy/host/apply.sh"]);
    expect(ssh.json("onprem-vm").output).toBeUndefined();
    // The example uses the ssh-agent: no key, no variable.
    expect(resourceByIdPrefix(consul, "terraform_data", "secrets-app-1_").connection).toEqual({
      type: "ssh",
      host: "192.168.10.21",
      user: "deploy",
      port: 22,
      agent: "true",
    });
    expect(consul.variable).toBeUndefined();
  });

  it("hashes secret files in Terraform, so no secret is written into triggers", () => {
    // when
    const t = at(resourceByIdPrefix(consul, "terraform_data", "secrets-consul-1_"), "triggers_replace.files");
    // then
    expect(at(t, ["/etc/consul.d/tls/server-key.pem"])).toMatch(
      /^\$\{sha256\(join\("\\n", \["[0-9a-f]{64}", tls_private_key\.pki_consul-1-key_\w+\.private_key_pem\]\)\)\}$/,
    );
  });

  it("writes no key, gossip key or token literal anywhere in the output", () => {
    for (const s of [example, ssh]) {
      const text = allText(s);
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(text).not.toMatch(/"encrypt": ?"[A-Za-z0-9+/]{43}="/);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/); // ACL secret IDs are UUIDs
    }
  });
});

describe("tokens", () => {
  it("creates a node identity per agent, a service identity per service and one gateway token", () => {
    const tokens = resources(mesh, "consul_acl_token");
    expect(
      tokens
        .filter((t) => at(t, "node_identities"))
        .map((t) => at(t, "node_identities[0].node_name"))
        .sort(),
    ).toEqual(["app-1", "app-2", "consul-1", "consul-2", "consul-3", "gateway-1"]);
    expect(
      tokens
        .filter((t) => at(t, "service_identities"))
        .map((t) => at(t, "service_identities[0]"))
        .sort((x, y) => (String(at(x, "service_name")) < String(at(y, "service_name")) ? -1 : 1)),
    ).toEqual(["a", "b", "e", "f"].map((s) => ({ service_name: s, datacenters: ["onprem"] })));
    // One mesh gateway token; the other policy token is the terminating gateway's (test/vm/terminating-gateway.test.ts).
    const gateway = tokens.filter((t) => at(t, "policies") && at(t, "description") === "mesh gateway token");
    expect(gateway).toHaveLength(1);
    expect(tokens.filter((t) => at(t, "policies"))).toHaveLength(2);
    expect(
      tokens.every(
        (t) => at(t, "local") === true && !(at(t, "policies") as string[] | undefined)?.includes("global-management"),
      ),
    ).toBe(true);
    const policy = must(
      resources(mesh, "consul_acl_policy").find((p) => at(p, "name") === "mesh-gateway"),
      "the mesh gateway's policy",
    );
    expect(parseJson(text(policy, "rules"))).toEqual(MESH_GATEWAY_RULES);
  });

  it("never puts the bootstrap token into the output: the provider reads CONSUL_HTTP_TOKEN", () => {
    expect(at(mesh, "provider.consul")).toEqual([
      {
        address: "192.168.10.11:8501",
        scheme: "https",
        datacenter: "onprem",
        ca_pem: expect.stringMatching(/^\$\{data\.terraform_remote_state\./) as unknown,
      },
    ]);
    const text = allText(example);
    expect(text).not.toMatch(/initial_management|master_token|acl_bootstrap/);
    for (const st of ["onprem-vm", "consul-onprem", "mesh-onprem"]) {
      for (const [name, out] of Object.entries(example.json(st).output ?? {}))
        expect([name, out.value]).not.toEqual([name, expect.stringContaining("secret_id")]);
    }
  });

  it("delivers each token only to its host: agent token, and service tokens as root-only files", () => {
    const app1 = resourceByIdPrefix(mesh, "terraform_data", "mesh-app-1_");
    const files = provisionedFiles(app1);
    expect(Object.keys(files).sort()).toEqual([
      "/etc/consul.d/acl-tokens.json",
      "/etc/consul.d/service-a.json",
      "/etc/consul.d/service-b.json",
      "/etc/consul.d/tokens/a",
      "/etc/consul.d/tokens/b",
    ]);
    expect(at(parseJson(files["/etc/consul.d/acl-tokens.json"]), "acl.tokens.agent")).toMatch(
      /tokens_node-app-1-secret_/,
    );
    const script = at(
      list(app1, "provisioner").find((p) => String(at(p, "file.destination")).endsWith("/apply.sh")),
      "file.content",
    );
    expect(script).toContain("chown root:root /etc/consul.d/tokens/a && chmod 0600 /etc/consul.d/tokens/a");
    expect(script).toContain(
      "systemctl restart hybrid-mesh-a.service consul-envoy-a.service hybrid-mesh-b.service consul-envoy-b.service",
    );
  });
});

describe("peering", () => {
  it("dials the cloud acceptor with consul_peering and the token read from the acceptor's Secret", () => {
    const dialer = resources(mesh, "consul_peering")[0];
    const acceptor = resources(mesh, "kubernetes_manifest")[0];
    const source = Object.entries(mesh.data?.kubernetes_secret_v1 ?? {})[0];
    expect(at(acceptor, "provider")).toBe("kubernetes.cloud");
    expect(at(acceptor, "manifest")).toMatchObject({
      kind: "PeeringAcceptor",
      metadata: { name: "onprem", namespace: "consul", annotations: { "consul.hashicorp.com/peering-version": "1" } },
    });
    expect(source[1]).toMatchObject({
      provider: "kubernetes.cloud",
      metadata: { name: "peering-token-onprem", namespace: "consul" },
    });
    expect(dialer).toMatchObject({
      provider: "consul",
      peer_name: "cloud",
      peering_token: `\${data.kubernetes_secret_v1.${source[0]}.data["data"]}`,
      meta: { "consul.hashicorp.com/peering-version": "1" },
    });
    expect(at(dialer, "depends_on")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^terraform_data\.mesh-gateway-1_/)]),
    );
  });

  it("re-peers when the version is bumped: a new acceptor token and a replaced consul_peering", () => {
    const synthAt = (version: number) =>
      JSON.parse(
        Testing.synthScope((scope) => {
          const k8s = new KubernetesProvider(scope, "k8s", { alias: "cloud" });
          const consulProvider = new ConsulProvider(scope, "consul", {});
          new VmPeering(scope, "p", {
            acceptorProvider: k8s,
            acceptorNamespace: "consul",
            acceptorPeerName: "onprem",
            dialerProvider: consulProvider,
            dialerPeerName: "cloud",
            version,
          });
        }),
      ) as TerraformJson;
    for (const version of [1, 2]) {
      const out = synthAt(version);
      expect(resources(out, "consul_peering")[0].meta).toEqual({
        "consul.hashicorp.com/peering-version": String(version),
      });
      expect(at(resources(out, "kubernetes_manifest")[0], "manifest.metadata.annotations")).toEqual({
        "consul.hashicorp.com/peering-version": String(version),
      });
    }
  });
});

describe("summary", () => {
  it("lists the VM hosts with their roles and the stacks in deploy order", () => {
    const lines = summaryLines(example.result);
    expect(example.result.mesh.stacks.map((s) => at(s, "id"))).toEqual([
      "cloud-infra",
      "onprem-vm",
      "consul-cloud",
      "consul-onprem",
      "mesh-cloud",
      "mesh-onprem",
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        "    host consul-1 192.168.10.11: server",
        "    host app-1 192.168.10.21: client, services a, b",
        "    host gateway-1 192.168.10.30: mesh gateway, terminating gateway on port 8444",
        "    mesh gateway: host gateway-1, LAN 192.168.10.30:8443, WAN 192.168.10.30:8443 over the VPN",
      ]),
    );
  });
});

describe("verification without hosts", () => {
  const vmValidator = needsReference(
    "consul/validate-consul-vm.mjs",
    "Consul's agent-configuration schemas and the VM validator",
  );
  const validator = vmValidator.path;
  const cloudInit = needsCommand("cloud-init", "to check user-data with `cloud-init schema`");
  const systemdAnalyze = needsCommand("systemd-analyze", "to check units with `systemd-analyze verify`");
  const runValidator = (...args: string[]) =>
    spawnSync(process.execPath, [validator, "--modules", path.resolve(__dirname, "../.."), ...args], {
      encoding: "utf8",
    });
  const stackFiles = (s: typeof example) =>
    fs.readdirSync(path.join(s.dir, "out", "stacks")).map((st) => path.join(s.dir, "out", "stacks", st, "cdk.tf.json"));

  vmValidator.it("every agent config passes Consul's VM validator, in both delivery modes", () => {
    for (const s of [example, ssh]) {
      const r = runValidator(...stackFiles(s));
      expect(r.stdout).toMatch(/^(\d+) objects checked, 0 problems$/m);
      expect(Number(must(/(\d+) objects checked/.exec(r.stdout))[1])).toBeGreaterThanOrEqual(6 + 6 + 10);
    }
  });

  vmValidator.it(
    "each host's agent, as it loads all its files together, passes the validator; a broken one does not",
    () => {
      const dir = fs.mkdtempSync(path.join(example.dir, "agents-"));
      const merged: string[] = [];
      for (const host of ["consul-1", "app-1", "app-2", "gateway-1"]) {
        const secrets = provisionedFiles(resourceByIdPrefix(consul, "terraform_data", `secrets-${host}_`));
        const tokens = provisionedFiles(resourceByIdPrefix(mesh, "terraform_data", `mesh-${host}_`));
        const services = Object.entries(tokens)
          .filter(([p]) => /service-\w+\.json$/.test(p))
          .map(([, c]) => at(parseJson(c), "service"));
        const agent = { ...record(agentJson(host)), ...record(parseJson(secrets["/etc/consul.d/gossip.json"])) };
        agent.acl = { ...record(agent, "acl"), ...record(parseJson(tokens["/etc/consul.d/acl-tokens.json"]), "acl") };
        if (services.length) agent.services = services;
        const file = path.join(dir, `${host}.json`);
        fs.writeFileSync(file, JSON.stringify(agent));
        merged.push(file);
      }
      const ok = runValidator("--as", "agent", ...merged);
      expect(ok.stdout.trim()).toBe("4 objects checked, 0 problems");
      const broken = path.join(dir, "broken.json");
      fs.writeFileSync(
        broken,
        JSON.stringify({ ...JSON.parse(fs.readFileSync(merged[1], "utf8")), auto_encrypt: { allow_tls: true } }),
      );
      expect(runValidator("--as", "agent", broken).stdout).toMatch(
        /auto_encrypt\.allow_tls can only be used on a server/,
      );
    },
  );

  cloudInit.it("every cloud-init document passes `cloud-init schema`; an invalid one does not", () => {
    const dir = fs.mkdtempSync(path.join(example.dir, "cloud-init-"));
    for (const [name, doc] of Object.entries(docs)) {
      const file = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(file, doc);
      const r = spawnSync("cloud-init", ["schema", "-c", file], { encoding: "utf8" });
      expect([name, r.status, r.stderr.trim()]).toEqual([name, 0, ""]);
    }
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(bad, docOf("app-1").replace("runcmd:", "runcmd: 5\nruncmd_x:"));
    expect(spawnSync("cloud-init", ["schema", "-c", bad], { encoding: "utf8" }).status).not.toBe(0);
  });

  systemdAnalyze.it("every systemd unit passes `systemd-analyze verify`; a misspelt key does not", () => {
    // verify insists the binaries exist: point ExecStart at stand-ins of consul, envoy and node.
    const dir = fs.mkdtempSync(path.join(example.dir, "units-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    for (const b of ["consul", "envoy", "node"]) fs.writeFileSync(path.join(bin, b), "#!/bin/sh\n", { mode: 0o755 });
    const verify = (name: string, content: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content.replace(/\/usr\/bin\/(consul|envoy|node)\b/g, `${bin}/$1`));
      const r = spawnSync("systemd-analyze", ["verify", "--man=no", file], { encoding: "utf8" });
      return `${r.status} ${r.stderr.trim()}`.trim();
    };
    let n = 0;
    for (const doc of Object.values(docs)) {
      for (const [p, content] of Object.entries(writeFiles(doc)).filter(([x]) => x.endsWith(".service"))) {
        expect([p, verify(path.basename(p), content)]).toEqual([p, "0"]);
        n++;
      }
    }
    expect(n).toBe(3 + 5 + 5 + 3);
    const unit = writeFiles(docOf("app-1"))["/etc/systemd/system/consul-envoy-a.service"];
    expect(verify("broken.service", unit.replace("ProtectHome=", "ProtectHom="))).toMatch(/Unknown key 'ProtectHom'/);
  });
});

describe("snapshots", () => {
  it.each(["onprem-vm", "consul-onprem", "mesh-onprem"])("%s", (stack) => {
    expect(example.json(stack)).toMatchSnapshot();
  });
});
