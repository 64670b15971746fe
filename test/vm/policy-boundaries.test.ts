import { DataResource, TerraformStack } from "cdktf";
import { clientConfig, serverConfig } from "../../infra/vm/agent-config";
import { renderJson } from "../../infra/vm/files";
import {
  vmAclDefaultDeny,
  vmGossipEncryption,
  vmGatewayOnlyCrossSite,
  vmNoPlaintextHttp,
  vmTlsVerify,
} from "../../constructs/policy/rules/vm";
import { evaluate, messagesOf } from "../policy/fixtures";
import { record, set, unset } from "../support";

// The VM rules at each boundary: loopback lists, a port turned off (-1), servers against clients,
// defaults when a setting is absent. One case per message, and the settings that must stay silent.

const agent = { datacenter: "dc", nodeName: "n1", address: "10.1.0.5", serverAddresses: ["10.1.0.5"] };
const server = (): unknown => structuredClone(serverConfig({ ...agent, bootstrapExpect: 1 }));
const client = (): unknown => structuredClone(clientConfig(agent));

type Rule = Parameters<typeof messagesOf>[1];

const AT = "s/apply: /etc/consul.d/consul.json:";
const FIX_004 = "fix: set ports.http and ports.grpc to -1 (use https / grpc_tls), or bind them to 127.0.0.1 only";
const FIX_005 =
  "fix: set ports.serf_wan to -1 on servers, drop WAN settings, bind upstreams to 127.0.0.1, and give -wan-address only to the mesh gateway";

/** The messages of `rule` for a stack that places `files` (host path -> content) over SSH. */
function placing(rule: Rule, files: Record<string, string>): string[] {
  const build = (stack: TerraformStack) =>
    new DataResource(stack, "apply", {
      provisioners: Object.entries(files).map(([p, content]) => ({
        type: "file" as const,
        content,
        destination: `/var/tmp/stage${p}`,
      })),
    });
  return messagesOf(evaluate(build), rule);
}

/** The messages of `rule` for a stack that places `cfg` as /etc/consul.d/consul.json over SSH. */
const messages = (rule: Rule, cfg: unknown) => placing(rule, { "/etc/consul.d/consul.json": renderJson(record(cfg)) });

describe("HM-VM-004 plaintext listeners", () => {
  it("stays silent for loopback lists, a port turned off, and the loopback default", () => {
    const lists = server();
    set(lists, "ports.http", 8500);
    set(lists, "client_addr", "127.0.0.1  ::1 localhost");
    const off = server();
    set(off, "ports.http", -1);
    set(off, "ports.grpc", -1);
    set(off, "client_addr", "0.0.0.0");
    const absent = server();
    unset(absent, "client_addr");
    expect([lists, off, absent].map((c) => messages(vmNoPlaintextHttp, c))).toEqual([[], [], []]);
  });

  it("flags a list with one address beyond loopback; addresses.grpc wins over client_addr either way", () => {
    const mixed = server();
    set(mixed, "ports.http", 8500);
    set(mixed, "client_addr", "127.0.0.1 10.1.0.5");
    const grpcLocal = server();
    set(grpcLocal, "addresses", { grpc: "127.0.0.10" });
    set(grpcLocal, "client_addr", "0.0.0.0");
    const grpcOpen = server();
    set(grpcOpen, "addresses", { grpc: "0.0.0.0" });
    unset(grpcOpen, "ports.grpc");
    expect([mixed, grpcLocal, grpcOpen].map((c) => messages(vmNoPlaintextHttp, c))).toEqual([
      [`[HM-VM-004] ${AT} ports.http 8500 listens on "127.0.0.1 10.1.0.5" — ${FIX_004}`],
      [],
      [`[HM-VM-004] ${AT} ports.grpc "default" listens on "0.0.0.0" — ${FIX_004}`],
    ]);
  });
});

describe("HM-VM-001, HM-VM-002 on clients and servers", () => {
  it("stays silent for the client and server configs the VM stacks render", () => {
    expect([client(), server()].flatMap((c) => [messages(vmTlsVerify, c), messages(vmAclDefaultDeny, c)])).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it("names every missing TLS setting, and a client without auto_encrypt", () => {
    const cfg = client();
    unset(cfg, "tls");
    unset(cfg, "auto_encrypt");
    expect(messages(vmTlsVerify, cfg)).toEqual([
      `[HM-VM-001] ${AT} tls.defaults.ca_file, tls.defaults.verify_outgoing, tls.internal_rpc.verify_server_hostname not set — fix: set tls.defaults.ca_file, verify_outgoing (and verify_incoming on servers) and tls.internal_rpc.verify_server_hostname; auto_encrypt.tls on clients`,
      `[HM-VM-001] ${AT} client without auto_encrypt.tls — fix: set auto_encrypt.tls on clients (allow_tls on servers)`,
    ]);
  });

  it("flags ACLs off, naming both settings", () => {
    const cfg = server();
    unset(cfg, "acl");
    expect(messages(vmAclDefaultDeny, cfg)).toEqual([
      `[HM-VM-002] ${AT} acl.enabled absent, acl.default_policy absent — fix: set acl.enabled to true and acl.default_policy to "deny"`,
    ]);
  });
});

describe("HM-VM-005 cross-site listeners", () => {
  it("stays silent for a client without serf_wan -1, and flags WAN settings by name", () => {
    const c = client();
    unset(c, "ports");
    const s = server();
    set(s, "retry_join_wan", ["203.0.113.9"]);
    set(s, "ports.serf_wan", 8302);
    expect([messages(vmGatewayOnlyCrossSite, c), messages(vmGatewayOnlyCrossSite, s)]).toEqual([
      [],
      [
        `[HM-VM-005] ${AT} server keeps its WAN gossip port (ports.serf_wan 8302) — ${FIX_005}`,
        `[HM-VM-005] ${AT} retry_join_wan is set — ${FIX_005}`,
      ],
    ]);
  });
});

describe("HM-VM-005 WAN settings and upstreams", () => {
  it("flags each WAN setting, an upstream beyond loopback and a WAN service address; stays silent for loopback upstreams", () => {
    // given
    const s = server();
    set(s, "advertise_addr_wan", "203.0.113.9");
    set(s, "translate_wan_addrs", true);
    const upstreams = [
      { destination_name: "b", local_bind_port: 9101 },
      { destination_name: "c", local_bind_port: 9102, local_bind_address: "127.0.0.1" },
      { destination_name: "d", local_bind_port: 9103, local_bind_address: "10.1.0.5" },
    ];
    const svc = {
      service: {
        name: "a",
        tagged_addresses: { wan: { address: "203.0.113.9", port: 8080 } },
        connect: { sidecar_service: { proxy: { upstreams } } },
      },
    };
    // when
    const found = placing(vmGatewayOnlyCrossSite, {
      "/etc/consul.d/consul.json": renderJson(record(s)),
      "/etc/consul.d/service-a.json": renderJson(svc),
    });
    // then
    expect(found).toEqual([
      `[HM-VM-005] ${AT} advertise_addr_wan is set — ${FIX_005}`,
      `[HM-VM-005] ${AT} translate_wan_addrs is set — ${FIX_005}`,
      `[HM-VM-005] s/apply: /etc/consul.d/service-a.json: upstreams[2] binds "10.1.0.5" — ${FIX_005}`,
      `[HM-VM-005] s/apply: /etc/consul.d/service-a.json: service has a WAN address — ${FIX_005}`,
    ]);
  });
});

describe("HM-VM-003 gossip key beside the agent CA", () => {
  it("stays silent when the element that delivers the CA delivers the gossip key; flags verify_outgoing false", () => {
    // given
    const gossip = { encrypt: "${random_id.gossip.b64_std}", encrypt_verify_outgoing: false };
    // when
    const found = placing(vmGossipEncryption, {
      "/etc/consul.d/tls/ca.pem": "${tls_self_signed_cert.ca.cert_pem}",
      "/etc/consul.d/gossip.json": renderJson(gossip),
      "/etc/consul.d/notes.json": "not json",
    });
    // then
    expect(found).toEqual([
      "[HM-VM-003] s/apply: /etc/consul.d/gossip.json: encrypt_verify_outgoing is false — fix: deliver encrypt from a Terraform reference (random_id) with encrypt_verify_incoming and encrypt_verify_outgoing true, beside the agent's TLS files",
    ]);
  });
});

describe("HM-VM-001 on servers", () => {
  it("flags verify_incoming turned off for internal RPC, and a ca_file that is not a path", () => {
    // given
    const cfg = server();
    set(cfg, "tls.internal_rpc.verify_incoming", false);
    set(cfg, "tls.defaults.ca_file", true);
    // when
    const found = messages(vmTlsVerify, cfg);
    // then
    expect(found).toEqual([
      `[HM-VM-001] ${AT} tls.defaults.ca_file, tls.defaults.verify_incoming not set — fix: set tls.defaults.ca_file, verify_outgoing (and verify_incoming on servers) and tls.internal_rpc.verify_server_hostname; auto_encrypt.tls on clients`,
    ]);
  });
});

describe("HM-VM-002 names the values it found", () => {
  it("prints acl.enabled false and a default policy of allow", () => {
    // given
    const cfg = server();
    set(cfg, "acl.enabled", false);
    set(cfg, "acl.default_policy", "allow");
    // when
    const found = messages(vmAclDefaultDeny, cfg);
    // then
    expect(found).toEqual([
      `[HM-VM-002] ${AT} acl.enabled false, acl.default_policy "allow" — fix: set acl.enabled to true and acl.default_policy to "deny"`,
    ]);
  });
});

describe("HM-VM-004 address lists", () => {
  it("reads a space around a loopback list as a separator, and flags an address that is not text", () => {
    // given: Consul splits an address list with strings.Fields (hashicorp/consul, agent/config/builder.go, expandAddrs)
    const spaced = server();
    set(spaced, "ports.http", 8500);
    set(spaced, "client_addr", " 127.0.0.1 ");
    const listed = server();
    set(listed, "ports.http", 8500);
    set(listed, "addresses", { http: ["0.0.0.0"] });
    // when
    const found = [spaced, listed].map((c) => messages(vmNoPlaintextHttp, c));
    // then
    expect(found).toEqual([[], [`[HM-VM-004] ${AT} ports.http 8500 listens on ["0.0.0.0"] — ${FIX_004}`]]);
  });
});

describe("HM-VM-005 serf WAN port", () => {
  it("prints the WAN gossip port a server keeps", () => {
    // given
    const s = server();
    set(s, "ports.serf_wan", 9302);
    // when
    const found = messages(vmGatewayOnlyCrossSite, s);
    // then
    expect(found).toEqual([`[HM-VM-005] ${AT} server keeps its WAN gossip port (ports.serf_wan 9302) — ${FIX_005}`]);
  });
});
