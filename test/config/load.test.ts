import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { DEFAULT_CONFIG, loadConfig, parseConfig, readConfig, type ReadOptions } from "../../config/load";
import { ConfigError } from "../../config/errors";
import { EKS_CONSUL_SERVERS } from "../../config/semantics";
import { waivedBySuppression } from "../../app/suppressions";
import { at, list, record, set, unset } from "../support";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The default config as a plain object, for mutation. */
const base = (): unknown => YAML.parse(fs.readFileSync(DEFAULT_CONFIG, "utf8")) as unknown;

/** The problem lines of `fn`'s ConfigError, or [] if it throws none. */
function linesOf(fn: () => unknown): string[] {
  try {
    fn();
    return [];
  } catch (e) {
    if (!ConfigError.isConfigError(e)) throw e;
    return [...e.problems];
  }
}

/** The problem lines of the default config with `mutate` applied (no file, so no line numbers). */
function problems(mutate: (c: unknown) => void, opts?: ReadOptions): string[] {
  const c = base();
  mutate(c);
  return linesOf(() => parseConfig(c, "cfg", opts));
}

/** Writes `text` to a file named `name` and returns its path. */
function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The default config's text with one line replaced (the replacement keeps line numbers). */
function defaultWith(find: string, replace: string): string {
  const text = fs.readFileSync(DEFAULT_CONFIG, "utf8");
  if (!text.includes(find)) throw new Error(`default.yaml has no ${JSON.stringify(find)}`);
  return text.replace(find, replace);
}

/** 1-based line of the first occurrence of `needle` in the default config. */
function lineOf(needle: string): number {
  return (
    fs
      .readFileSync(DEFAULT_CONFIG, "utf8")
      .split("\n")
      .findIndex((l) => l.includes(needle)) + 1
  );
}

describe("config loading", () => {
  it("loads the default config and normalizes it", () => {
    const c = loadConfig();
    expect(Object.keys(c.environments)).toEqual(["cloud", "onprem"]);
    expect(c.calls).toContainEqual({ from: "a", to: "c" });
    expect(c.services.find((s) => s.name === "b")).toMatchObject({ protocol: "http", entrypoint: false });
    expect(c.upstreamPortBase).toBeUndefined(); // the topology applies its DEFAULT_UPSTREAM_PORT_BASE
    expect(c.peerings).toEqual([{ acceptor: "cloud", dialer: "onprem", version: 1 }]);
    expect(readConfig().warnings).toEqual([]);
  });

  it("places A, B and F on-prem and C, D and E in the cloud", () => {
    const c = loadConfig();
    const home = Object.fromEntries(c.services.map((s) => [s.name, s.environments[0]]));
    expect(home).toEqual({ a: "onprem", b: "onprem", f: "onprem", c: "cloud", d: "cloud", e: "cloud" });
  });

  it("honours MESH_CONFIG", () => {
    const c = base();
    set(c, "project", "other-mesh");
    const file = write("mesh.yaml", YAML.stringify(c));
    const before = process.env.MESH_CONFIG;
    process.env.MESH_CONFIG = file;
    try {
      expect(loadConfig().project).toBe("other-mesh");
    } finally {
      if (before === undefined) delete process.env.MESH_CONFIG;
      else process.env.MESH_CONFIG = before;
    }
  });
});

describe("config errors: file:line: path: message", () => {
  it("gives a schema error the line of the offending node", () => {
    // given
    const file = write("cidr.yaml", defaultWith("vpcCidr: 10.20.0.0/16", "vpcCidr: 10.20.0.0/33"));
    // when
    const lines = linesOf(() => loadConfig(file));
    // then
    expect(lines).toEqual([
      `${file}:${lineOf("vpcCidr:")}: environments.cloud.vpcCidr: "10.20.0.0/33" is not a valid CIDR`,
    ]);
  });

  it("gives a semantic error the line of the offending node", () => {
    const file = write(
      "az.yaml",
      defaultWith("availabilityZones: [eu-west-1a, eu-west-1b]", "availabilityZones: [eu-west-1a, us-east-1b]"),
    );
    expect(linesOf(() => loadConfig(file))).toEqual([
      `${file}:${lineOf("availabilityZones:")}: environments.cloud.availabilityZones[1]: "us-east-1b" is not a zone of environments.cloud.region "eu-west-1" (zones are the region name plus a letter, e.g. "eu-west-1a")`,
    ]);
  });

  it("points a missing field at its parent, and an unknown one at itself with the nearest allowed names", () => {
    const file = write("fields.yaml", defaultWith("    region: eu-west-1\n", "    regoin: eu-west-1\n"));
    const at = lineOf("region: eu-west-1");
    expect(linesOf(() => loadConfig(file))).toEqual([
      `${file}:${lineOf("  cloud:")}: environments.cloud.region: is required`,
      `${file}:${at}: environments.cloud.regoin: unknown field; did you mean "region", "eks" or "kind"?`,
    ]);
  });

  it("reports a YAML syntax error at file:line:col in the parser's words, one line, no cascade", () => {
    const file = write("syntax.yaml", "project: x\n- a\nb: 1\n");
    const lines = linesOf(() => loadConfig(file));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.]/g, "\\.")}:2:1: [A-Z].+$`));
    expect(linesOf(() => loadConfig(write("unclosed.yaml", "project: [unclosed\n")))).toEqual([
      `${path.join(tmp, "unclosed.yaml")}:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it("puts a missing closing quote where the quote opened, not where the file ends", () => {
    const file = write("quote.yaml", "project: x\nconnectivity:\n  type: 'vpn\npeerings: []\nservices: []\n");
    expect(linesOf(() => loadConfig(file))).toEqual([`${file}:3:9: Missing closing 'quote`]);
  });

  it("says an empty file is empty", () => {
    for (const [name, text] of [
      ["empty.yaml", ""],
      ["comments.yaml", "# nothing yet\n"],
    ]) {
      const file = write(name, text);
      expect(linesOf(() => loadConfig(file))).toEqual([
        `${file}:1: (root): the file is empty; a config needs project, environments, connectivity, peerings and services (see config/default.yaml)`,
      ]);
    }
  });

  it("names a duplicate key and both its lines", () => {
    const file = write(
      "dup.yaml",
      defaultWith("    datacenter: cloud\n", "    datacenter: cloud\n    datacenter: sky\n"),
    );
    const first = lineOf("datacenter: cloud");
    expect(linesOf(() => loadConfig(file))).toEqual([
      `${file}:${first + 1}: environments.cloud.datacenter: "datacenter" is given twice (lines ${first} and ${first + 1}); keep one`,
    ]);
  });

  it("refuses a second YAML document", () => {
    // given
    const file = write("two.yaml", "project: x\n---\nproject: y\n");
    // when
    const lines = linesOf(() => loadConfig(file));
    // then
    expect(lines).toEqual([
      `${file}:2:1: the file holds more than one YAML document (a second '---'); a config is one document`,
    ]);
  });

  it("reports an unreadable file without a stack trace", () => {
    // given
    const file = path.join(tmp, "missing.yaml");
    // when
    const lines = linesOf(() => loadConfig(file));
    // then
    expect(lines).toEqual([`${file}: cannot read config (ENOENT)`]);
  });

  it("reports every problem at once, one line each", () => {
    expect(
      problems((c) => {
        set(c, "environments.cloud.vpcCidr", "10.0.0.300/16");
        set(c, "environments.cloud.meshGateway.replicas", "two");
        set(c, "environments.onprem.kind", "bare");
        set(c, "calls[0]", "a => b");
      }),
    ).toEqual([
      'cfg: environments.cloud.vpcCidr: "10.0.0.300/16" is not a valid CIDR',
      'cfg: environments.cloud.meshGateway.replicas: "two" must be an integer',
      'cfg: environments.onprem.kind: "bare" must be one of "eks", "kind", "vm"',
      'cfg: calls[0]: "a => b" is not a call; write "from -> to"',
    ]);
  });
});

describe("config rules (what a real deploy would refuse)", () => {
  it("rejects a project name that is not a DNS label", () => {
    expect(problems((c) => set(c, "project", "Hybrid_Mesh"))).toEqual([
      "cfg: project: \"Hybrid_Mesh\" is not a DNS-1123 label (lower-case letters, digits and '-')",
    ]);
  });

  it("names a bad environment name as the key it is, not the map that holds it", () => {
    // given: an environment key ajv's propertyNames rejects
    const rename = (c: unknown) => {
      const envs = (c as { environments: Record<string, unknown> }).environments;
      envs["Cloud/1"] = envs.cloud;
      Reflect.deleteProperty(envs, "cloud");
    };
    // when
    const found = problems(rename);
    // then
    expect(found).toContain(
      "cfg: environments.Cloud/1: \"Cloud/1\" is not a DNS-1123 label (lower-case letters, digits and '-')",
    );
    expect(found.filter((l) => l.startsWith("cfg: environments:"))).toEqual([]);
  });

  it("rejects overlapping on-prem and cloud networks", () => {
    expect(problems((c) => set(c, "environments.cloud.vpcCidr", "192.168.0.0/20"))).toEqual([
      'cfg: environments.onprem.networkCidrs[0]: "192.168.0.0/16" overlaps environments.cloud.vpcCidr ("192.168.0.0/20"); peered networks must not overlap',
    ]);
  });

  it("rejects a duplicate datacenter name", () => {
    expect(problems((c) => set(c, "environments.onprem.datacenter", "cloud"))).toEqual([
      'cfg: environments.onprem.datacenter: "cloud" is already the datacenter of environments.cloud',
    ]);
  });

  it("rejects a VPC size AWS or the subnet layout can't take", () => {
    for (const cidr of ["10.0.0.0/12", "10.20.0.0/26"]) {
      expect(problems((c) => set(c, "environments.cloud.vpcCidr", cidr))).toEqual([
        `cfg: environments.cloud.vpcCidr: "${cidr}" must be /16 to /24: AWS allows a VPC from /16 to /28, and each of the 16 subnets cut from it must be /28 or larger`,
      ]);
    }
  });

  it("rejects networks in address space no host network can use", () => {
    expect(problems((c) => set(c, "environments.cloud.vpcCidr", "169.254.0.0/16"))).toEqual([
      'cfg: environments.cloud.vpcCidr: "169.254.0.0/16" overlaps 169.254.0.0/16, which no host network can use (loopback, link-local, multicast or reserved); use a private range such as 10.0.0.0/16',
    ]);
    expect(problems((c) => set(c, "environments.onprem.networkCidrs[0]", "127.0.0.0/16"))).toEqual([
      'cfg: environments.onprem.networkCidrs[0]: "127.0.0.0/16" overlaps 127.0.0.0/8, which no host network can use (loopback, link-local, multicast or reserved); use a private range such as 10.0.0.0/16',
      'cfg: environments.cloud.peerSourceCidrs: ["192.168.0.0/16"] does not cover environments.onprem.networkCidrs[0] ("127.0.0.0/16"), which the VPN routes; that side\'s gateway could not reach this one',
    ]);
  });

  it("rejects a Kubernetes version EKS does not create", () => {
    expect(problems((c) => set(c, "environments.cloud.eks.version", "1.28"))).toEqual([
      'cfg: environments.cloud.eks.version: "1.28" is not a version EKS creates clusters at (1.31 to 1.36)',
    ]);
  });

  it("rejects node groups that can't hold the mesh", () => {
    expect(problems((c) => set(c, "environments.cloud.eks.nodeGroup.minSize", 5))).toEqual([
      'cfg: environments.cloud.eks.nodeGroup: {"minSize":5,"desiredSize":3,"maxSize":6} needs minSize <= desiredSize <= maxSize',
    ]);
    expect(
      problems((c) => Object.assign(record(c, "environments.cloud.eks.nodeGroup"), { minSize: 2, desiredSize: 2 })),
    ).toEqual([
      `cfg: environments.cloud.eks.nodeGroup.minSize: 2 is below ${EKS_CONSUL_SERVERS}: each of the 3 Consul servers and 2 mesh gateways needs a node of its own (required anti-affinity)`,
    ]);
    expect(
      problems((c) => set(c, "environments.cloud.eks.nodeGroup.instanceTypes", ["t3.small", "m6g.large"])),
    ).toEqual([
      'cfg: environments.cloud.eks.nodeGroup.instanceTypes[0]: "t3.small" is too small: its pod limit can\'t hold Consul, the gateway and the system pods; use a .large or bigger',
      'cfg: environments.cloud.eks.nodeGroup.instanceTypes: ["t3.small","m6g.large"] mixes arm64 (Graviton) and x86_64 types; a node group runs one AMI architecture',
    ]);
  });

  it("counts the Consul servers the EKS overlay really runs", () => {
    const overlay = YAML.parse(
      fs.readFileSync(path.join(__dirname, "../../charts-values/eks.yaml"), "utf8"),
    ) as unknown;
    expect(at(overlay, "server.replicas")).toBe(EKS_CONSUL_SERVERS);
  });

  it("requires public unicast addresses for whatever is dialed across the internet", () => {
    expect(problems((c) => set(c, "connectivity.vpn.customerGatewayIp", "192.168.1.1"))).toEqual([
      'cfg: connectivity.vpn.customerGatewayIp: "192.168.1.1" is a private address, not reachable from the internet; the VPN needs the on-prem router\'s public address',
    ]);
    expect(problems((c) => set(c, "environments.onprem.meshGateway.publicAddress", "224.0.0.5"))).toEqual([
      'cfg: environments.onprem.meshGateway.publicAddress: "224.0.0.5" is a multicast address; the other side dials it across the internet',
    ]);
    expect(problems((c) => set(c, "environments.onprem.meshGateway.publicAddress", "127.0.0.1"))).toEqual([
      'cfg: environments.onprem.meshGateway.publicAddress: "127.0.0.1" is a reserved address (loopback, link-local, broadcast or special-purpose), not a public unicast one; the other side dials it across the internet',
    ]);
  });

  it("rejects gateway fields that would be silently ignored", () => {
    expect(problems((c) => set(c, "environments.cloud.meshGateway.publicAddress", "198.51.100.7"))).toEqual([
      "cfg: environments.cloud.meshGateway.publicAddress: is only used by kind environments; an eks gateway is reached through its NLB",
    ]);
    expect(problems((c) => set(c, "environments.onprem.meshGateway.publicPort", 8443))).toEqual([
      "cfg: environments.onprem.meshGateway.publicPort: has no effect without meshGateway.publicAddress; set both or neither",
    ]);
  });

  it("in vpn mode, needs peerSourceCidrs to cover the on-prem networks the VPN routes", () => {
    expect(problems((c) => set(c, "environments.cloud.peerSourceCidrs", ["192.168.10.0/24"]))).toEqual([
      'cfg: environments.cloud.peerSourceCidrs: ["192.168.10.0/24"] does not cover environments.onprem.networkCidrs[0] ("192.168.0.0/16"), which the VPN routes; that side\'s gateway could not reach this one',
    ]);
    // Covered by two halves is covered.
    expect(
      problems((c) => set(c, "environments.cloud.peerSourceCidrs", ["192.168.0.0/17", "192.168.128.0/17"])),
    ).toEqual([]);
  });

  it("warns, and still loads, when connectivity is public but every peer source is private", () => {
    const c = base();
    set(c, "connectivity", { type: "public" });
    set(c, "environments.onprem.meshGateway.publicAddress", "198.51.100.7");
    const file = write("public.yaml", YAML.stringify(c));
    const text = fs.readFileSync(file, "utf8").split("\n");
    const line = text.findIndex((l) => l.includes("peerSourceCidrs")) + 1;
    expect(readConfig(file).warnings).toEqual([
      `${file}:${line}: environments.cloud.peerSourceCidrs: ["192.168.0.0/16"] are all private, but connectivity is "public": traffic over the internet arrives from the other side's public (NAT) address, so nothing will reach this gateway`,
    ]);
  });

  it("allows one peering per pair of environments, in one direction", () => {
    expect(problems((c) => list(c, "peerings").push({ acceptor: "onprem", dialer: "cloud" }))).toEqual([
      'cfg: peerings[1]: "onprem" and "cloud" are already peered by peerings[0]; two environments peer once, in one direction',
    ]);
  });

  it("rejects a peering with an unknown environment", () => {
    // when
    const found = problems((c) => set(c, "peerings[0].dialer", "edge"));
    // then
    expect(found).toEqual(['cfg: peerings[0].dialer: "edge" is not a declared environment']);
  });

  it("requires immutable image tags: a version, a commit hash or a digest", () => {
    for (const tag of ["latest", "main", "Stable"]) {
      expect(problems((c) => set(c, "environments.onprem.images.tag", tag))).toEqual([
        `cfg: environments.onprem.images.tag: "${tag}" is not an immutable reference; use a version (e.g. "1.4.2"), a commit hash or a digest ("sha256:..."): the ECR repository refuses to move a tag, and on kind a moving tag changes what runs under you`,
      ]);
    }
    expect(problems((c) => set(c, "environments.cloud.images.tag", ""))).toEqual([
      `cfg: environments.cloud.images.tag: "" is not an image tag (letters, digits, '_', '.' and '-', at most 128) or a digest ("sha256:" and 64 hex digits)`,
    ]);
    for (const tag of ["1.4.2", "v2", "2026-11-01", "3f2a9c1", `sha256:${"ab".repeat(32)}`]) {
      expect(problems((c) => set(c, "environments.cloud.images.tag", tag))).toEqual([]);
    }
  });

  it("rejects a kind image repository that carries a tag or upper case", () => {
    expect(problems((c) => set(c, "environments.onprem.images.repository", "Hybrid/service:1.0"))).toEqual([
      'cfg: environments.onprem.images.repository: "Hybrid/service:1.0" is not an image repository (e.g. "registry.local:5000/team/service"; lower-case path, no tag: the tag is images.tag)',
    ]);
  });

  it("checks the kind cluster file against the config", () => {
    expect(problems((c) => set(c, "environments.onprem.kindConfig", "config/kind/nope.yaml"))).toEqual([
      'cfg: environments.onprem.kindConfig: "config/kind/nope.yaml" cannot be read (ENOENT); paths are relative to the directory synth runs in',
    ]);
    expect(problems((c) => set(c, "environments.onprem.kubeContext", "kind-onprem"))).toEqual([
      'cfg: environments.onprem.kubeContext: "kind-onprem" is not the context kind creates for the cluster "hybrid-onprem" in config/kind/onprem.yaml; use "kind-hybrid-onprem"',
    ]);
    expect(problems((c) => set(c, "environments.onprem.meshGateway.nodePort", 30444))).toEqual([
      "cfg: environments.onprem.meshGateway.nodePort: 30444 is not mapped to the host by config/kind/onprem.yaml (extraPortMappings containerPort); the other side could not reach the gateway",
    ]);
    expect(problems((c) => set(c, "environments.onprem.networkCidrs", ["192.168.0.0/16", "10.244.0.0/16"]))).toEqual([
      'cfg: environments.onprem.networkCidrs: ["192.168.0.0/16","10.244.0.0/16"] does not cover the cluster\'s serviceSubnet "10.96.0.0/16" from config/kind/onprem.yaml',
    ]);
  });

  it("rejects a NodePort outside the Kubernetes range", () => {
    expect(problems((c) => set(c, "environments.onprem.meshGateway.nodePort", 8443))).toEqual([
      "cfg: environments.onprem.meshGateway.nodePort: 8443 must be >= 30000",
    ]);
  });

  it("rejects BGP ASNs AWS refuses", () => {
    expect(problems((c) => set(c, "connectivity.vpn.bgpAsn", 4200000000))).toEqual([
      "cfg: connectivity.vpn.bgpAsn: 4200000000 is above 2147483647, the largest ASN aws_customer_gateway.bgp_asn takes",
    ]);
    expect(problems((c) => set(c, "connectivity.vpn.bgpAsn", 9059))).toEqual([
      "cfg: connectivity.vpn.bgpAsn: 9059 is reserved by AWS in eu-west-1 (environments.cloud.region); use a private ASN such as 65000",
    ]);
  });

  it("rejects a VPN with no eks environment to end in", () => {
    expect(
      problems((c) => {
        unset(c, "environments.cloud");
        set(c, "peerings", []);
      }),
    ).toEqual(['cfg: connectivity.type: "vpn" needs an eks environment to end the VPN in; use "public"']);
  });

  it("rejects S3 backend settings Terraform or S3 refuse, and a state with no lock", () => {
    expect(problems((c) => set(c, "environments.cloud.backend", { type: "s3", region: "eu-west-1" }))).toEqual([
      "cfg: environments.cloud.backend.bucket: is required",
    ]);
    expect(
      problems((c) =>
        set(c, "environments.cloud.backend", {
          type: "s3",
          bucket: "My_State",
          region: "europe",
          keyPrefix: "/mesh/",
          useLockfile: false,
          dynamodbTable: "x",
        }),
      ),
    ).toEqual([
      "cfg: environments.cloud.backend.bucket: \"My_State\" is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit, not an IP address)",
      'cfg: environments.cloud.backend.region: "europe" is not an AWS region (e.g. "eu-west-1")',
      "cfg: environments.cloud.backend.keyPrefix: \"/mesh/\" must not start with '/' or contain '//'; Terraform's S3 backend refuses such a key",
      "cfg: environments.cloud.backend.dynamodbTable: \"x\" is not a DynamoDB table name (3-255 letters, digits, '_', '-' and '.')",
    ]);
    expect(
      problems((c) =>
        set(c, "environments.cloud.backend", {
          type: "s3",
          bucket: "mesh-state",
          region: "eu-west-1",
          useLockfile: false,
        }),
      ),
    ).toEqual([
      "cfg: environments.cloud.backend.useLockfile: false with no dynamodbTable leaves the state unlocked: two applies at once corrupt it; keep the lock file or name a table",
    ]);
  });

  it("rejects service names Kubernetes can't use for a Service, and ports a non-root app can't bind", () => {
    expect(
      problems((c) =>
        list(c, "services").push({ name: "9lives", environments: ["cloud"], port: 80, entrypoint: true }),
      ),
    ).toEqual([
      'cfg: services[6].name: "9lives" must start with a letter: it names a Kubernetes Service (RFC 1035 label)',
      'cfg: services[6].port: 80 is below 1024: the app runs as a non-root user with every capability dropped (Pod Security "restricted"), so it cannot bind it',
    ]);
  });

  it("rejects an upstream port base or pin Envoy can't bind or that leaves no room", () => {
    // when
    const highBase = problems((c) => set(c, "upstreamPortBase", 60000));
    const lowPin = problems((c) => set(c, "services[1].upstreamPort", 443));
    // then
    expect(highBase).toEqual(["cfg: upstreamPortBase: 60000 must be <= 49152"]);
    expect(lowPin).toEqual(["cfg: services[1].upstreamPort: 443 must be >= 1024"]);
  });

  it("rejects repeated entries that would become duplicate rules", () => {
    expect(problems((c) => set(c, "environments.cloud.peerSourceCidrs", ["192.168.0.0/16", "192.168.0.0/16"]))).toEqual(
      ['cfg: environments.cloud.peerSourceCidrs[1]: "192.168.0.0/16" repeats environments.cloud.peerSourceCidrs[0]'],
    );
  });
});

describe("'open' means open, however it is written", () => {
  it("rejects a peer source list that covers the internet, spelled any way", () => {
    expect(problems((c) => set(c, "environments.cloud.peerSourceCidrs", ["0.0.0.0/0"]))).toEqual([
      'cfg: environments.cloud.peerSourceCidrs[0]: "0.0.0.0/0" admits every IPv4 address; list the other side\'s egress ranges instead',
    ]);
    expect(
      problems((c) =>
        set(c, "environments.cloud.peerSourceCidrs", ["0.0.0.0/0", "192.168.0.0/16"].slice(1).concat(["0.0.0.0/2"])),
      ),
    ).toEqual([
      'cfg: environments.cloud.peerSourceCidrs[1]: "0.0.0.0/2" is wider than /8 and admits the internet, as open as 0.0.0.0/0; list the other side\'s egress ranges instead',
    ]);
    const allEights = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
    expect(problems((c) => set(c, "environments.cloud.peerSourceCidrs", allEights))).toEqual([
      `cfg: environments.cloud.peerSourceCidrs: ${JSON.stringify(allEights)} together cover every public IPv4 address, as open as 0.0.0.0/0; list the other side's egress ranges instead`,
    ]);
  });

  it("rejects a public EKS endpoint open to the world unless a suppression of the gate's endpoint rule says why", () => {
    const open = (c: unknown) => set(c, "environments.cloud.eks.publicAccessCidrs", ["0.0.0.0/1", "128.0.0.0/1"]);
    const fix =
      "name the networks instead, or waive it with a suppression (and a reason) of the policy gate's EKS endpoint rule";
    expect(problems(open, { waived: waivedBySuppression })).toEqual([
      `cfg: environments.cloud.eks.publicAccessCidrs[0]: "0.0.0.0/1" is wider than /8 and admits the internet, as open as 0.0.0.0/0; ${fix}`,
      `cfg: environments.cloud.eks.publicAccessCidrs[1]: "128.0.0.0/1" is wider than /8 and admits the internet, as open as 0.0.0.0/0; ${fix}`,
    ]);
    expect(
      problems(
        (c) => {
          open(c);
          set(c, "suppressions", [
            { rule: "HM-EKS-001", path: "cloud-infra/eks", reason: "lab cluster, torn down nightly" },
          ]);
        },
        { waived: waivedBySuppression },
      ),
    ).toEqual([]);
  });

  it("rejects private ranges for the public endpoint, which EKS refuses", () => {
    expect(problems((c) => set(c, "environments.cloud.eks.publicAccessCidrs", ["10.0.0.0/8"]))).toEqual([
      'cfg: environments.cloud.eks.publicAccessCidrs[0]: "10.0.0.0/8" is private; EKS refuses private ranges for the public endpoint (the private endpoint already serves the VPC)',
    ]);
  });

  it("rejects a suppression without a reason", () => {
    expect(
      problems((c) => set(c, "suppressions", [{ rule: "HM-EKS-001", path: "cloud-infra/eks", reason: "  " }])),
    ).toEqual(['cfg: suppressions[0].reason: "  " is blank; a suppression needs a reason']);
  });
});
