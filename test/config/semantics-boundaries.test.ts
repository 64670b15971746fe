import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadConfig } from "../../config/load";
import { checkSemantics } from "../../config/semantics";
import type { MeshConfig } from "../../config/types";
import { list, record, set, unset } from "../support";

// Each config rule from both sides of its boundary, silent on the default config, one case per message.

let base: MeshConfig;
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sem-"));
  base = loadConfig();
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The default config, normalized, with `edit` applied; returns "path: message" lines. */
function check(edit: (c: unknown) => void): { problems: string[]; warnings: string[] } {
  const c = structuredClone(base);
  edit(c);
  const r = checkSemantics(c);
  const fmt = (i: { path: string; message: string }) => `${i.path}: ${i.message}`;
  return { problems: r.problems.map(fmt), warnings: r.warnings.map(fmt) };
}
const problems = (edit: (c: unknown) => void) => check(edit).problems;
const kindFile = (text: string) => {
  const file = path.join(tmp, `kind-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, text);
  return file;
};
const KIND_OK = "name: hybrid-onprem\nnodes:\n  - extraPortMappings:\n      - containerPort: 30443\n";

describe("checkSemantics", () => {
  it("is silent on the default config", () => {
    expect(check(() => undefined)).toEqual({ problems: [], warnings: [] });
  });

  it("datacenters: a repeat names the first owner", () => {
    expect(problems((c) => set(c, "environments.onprem.datacenter", "cloud"))).toEqual([
      'environments.onprem.datacenter: "cloud" is already the datacenter of environments.cloud',
    ]);
  });

  it("networks: adjacent is fine, a shared address is not, within one environment is not compared", () => {
    expect(
      problems((c) => set(c, "environments.onprem.networkCidrs", ["10.21.0.0/16", "10.244.0.0/16", "10.96.0.0/16"])),
    ).toEqual([expect.stringMatching(/^environments\.cloud\.peerSourceCidrs: /)]);
    expect(problems((c) => set(c, "environments.onprem.networkCidrs[0]", "10.20.255.0/24"))).toEqual([
      'environments.onprem.networkCidrs[0]: "10.20.255.0/24" overlaps environments.cloud.vpcCidr ("10.20.0.0/16"); peered networks must not overlap',
      expect.stringMatching(/^environments\.cloud\.peerSourceCidrs: /),
    ]);
    expect(problems((c) => list(c, "environments.onprem.networkCidrs").push("192.168.1.0/24"))).toEqual([]);
  });

  it("networks: unusable space is named", () => {
    expect(problems((c) => set(c, "environments.cloud.vpcCidr", "169.254.0.0/16"))).toEqual([
      'environments.cloud.vpcCidr: "169.254.0.0/16" overlaps 169.254.0.0/16, which no host network can use (loopback, link-local, multicast or reserved); use a private range such as 10.0.0.0/16',
    ]);
  });

  it("gateway: a public address only on kind, and public; a port only with an address", () => {
    expect(problems((c) => set(c, "environments.onprem.meshGateway.publicAddress", "8.8.8.8"))).toEqual([]);
    expect(problems((c) => set(c, "environments.cloud.meshGateway.publicAddress", "8.8.8.8"))).toEqual([
      "environments.cloud.meshGateway.publicAddress: is only used by kind environments; an eks gateway is reached through its NLB",
    ]);
    expect(problems((c) => set(c, "environments.onprem.meshGateway.publicAddress", "10.0.0.1"))).toEqual([
      'environments.onprem.meshGateway.publicAddress: "10.0.0.1" is a private address, not reachable from the internet; the other side dials it across the internet',
    ]);
    expect(problems((c) => set(c, "environments.onprem.meshGateway.publicPort", 443))).toEqual([
      "environments.onprem.meshGateway.publicPort: has no effect without meshGateway.publicAddress; set both or neither",
    ]);
    expect(
      problems((c) =>
        Object.assign(record(c, "environments.onprem.meshGateway"), { publicAddress: "8.8.8.8", publicPort: 443 }),
      ),
    ).toEqual([]);
  });

  it("vpn: public router address, ASN range and reserved ASNs, an eks end", () => {
    expect(problems((c) => set(c, "connectivity.vpn.customerGatewayIp", "192.168.1.1"))).toEqual([
      'connectivity.vpn.customerGatewayIp: "192.168.1.1" is a private address, not reachable from the internet; the VPN needs the on-prem router\'s public address',
    ]);
    expect(problems((c) => set(c, "connectivity.vpn.bgpAsn", 2147483647))).toEqual([]);
    expect(problems((c) => set(c, "connectivity.vpn.bgpAsn", 2147483648))).toEqual([
      "connectivity.vpn.bgpAsn: 2147483648 is above 2147483647, the largest ASN aws_customer_gateway.bgp_asn takes",
    ]);
    expect(problems((c) => set(c, "connectivity.vpn.bgpAsn", 9059))).toEqual([
      "connectivity.vpn.bgpAsn: 9059 is reserved by AWS in eu-west-1 (environments.cloud.region); use a private ASN such as 65000",
    ]);
    expect(problems((c) => set(c, "connectivity.vpn.bgpAsn", 7224))).toEqual([]); // reserved in us-east-1 only
    expect(problems((c) => set(c, "connectivity.vpn.bgpAsn", 9058))).toEqual([]);
    const noEks = problems((c) => {
      unset(c, "environments.cloud");
      set(c, "peerings", []);
    });
    expect(noEks).toEqual(['connectivity.type: "vpn" needs an eks environment to end the VPN in; use "public"']);
  });

  it("peerings: declared environments, never itself, once per pair in either direction", () => {
    expect(problems((c) => set(c, "peerings[0].dialer", "elsewhere"))).toEqual([
      'peerings[0].dialer: "elsewhere" is not a declared environment',
    ]);
    expect(problems((c) => set(c, "peerings[0].acceptor", "elsewhere"))).toEqual([
      'peerings[0].acceptor: "elsewhere" is not a declared environment',
    ]);
    expect(problems((c) => set(c, "peerings[0].dialer", "cloud"))).toEqual([
      'peerings[0]: "cloud" cannot peer with itself',
    ]);
    expect(problems((c) => list(c, "peerings").push({ acceptor: "onprem", dialer: "cloud", version: 1 }))).toEqual([
      'peerings[1]: "onprem" and "cloud" are already peered by peerings[0]; two environments peer once, in one direction',
    ]);
  });

  it("peerings: pairs are keyed by both names, so distinct pairs never collide", () => {
    const peeringLines = (names: string[], pairs: [string, string][]) =>
      problems((c) => {
        for (const [i, n] of names.entries())
          set(c, ["environments", n], { ...structuredClone(record(c, "environments.onprem")), datacenter: `dc${i}` });
        set(
          c,
          "peerings",
          pairs.map(([acceptor, dialer]) => ({ acceptor, dialer, version: 1 })),
        );
      }).filter((l) => l.startsWith("peerings"));
    expect(
      peeringLines(
        ["edge"],
        [
          ["cloud", "onprem"],
          ["cloud", "edge"],
          ["edge", "onprem"],
        ],
      ),
    ).toEqual([]);
    expect(
      peeringLines(
        ["a", "ab", "bc", "c"],
        [
          ["ab", "c"],
          ["a", "bc"],
        ],
      ),
    ).toEqual([]);
  });

  it("leaves malformed CIDRs to the schema: no crash, no second message", () => {
    expect(
      problems((c) => {
        list(c, "environments.onprem.networkCidrs").push("10.0.0.0/33");
        list(c, "environments.cloud.peerSourceCidrs").push("not-a-cidr");
        set(c, "environments.cloud.vpcCidr", "10.20.0.0/16/1");
      }),
    ).toEqual([]);
  });

  it("services: a leading letter and an unprivileged port", () => {
    expect(problems((c) => set(c, "services[0].name", "9a"))).toEqual([
      'services[0].name: "9a" must start with a letter: it names a Kubernetes Service (RFC 1035 label)',
    ]);
    expect(problems((c) => set(c, "services[0].name", "a9"))).toEqual([]);
    expect(problems((c) => set(c, "services[0].port", 1024))).toEqual([]);
    expect(problems((c) => set(c, "services[0].port", 1023))).toEqual([
      'services[0].port: 1023 is below 1024: the app runs as a non-root user with every capability dropped (Pod Security "restricted"), so it cannot bind it',
    ]);
  });

  it("eks: zones of the region, VPC size /16 to /24, known versions", () => {
    expect(
      problems((c) => set(c, "environments.cloud.availabilityZones", ["eu-west-1a", "eu-west-2a", "eu-west-1ab"])),
    ).toEqual([
      'environments.cloud.availabilityZones[1]: "eu-west-2a" is not a zone of environments.cloud.region "eu-west-1" (zones are the region name plus a letter, e.g. "eu-west-1a")',
      'environments.cloud.availabilityZones[2]: "eu-west-1ab" is not a zone of environments.cloud.region "eu-west-1" (zones are the region name plus a letter, e.g. "eu-west-1a")',
    ]);
    const vpc = (cidr: string) => problems((c) => set(c, "environments.cloud.vpcCidr", cidr));
    expect(vpc("10.20.0.0/24")).toEqual([]);
    expect(vpc("10.20.0.0/25")).toEqual([
      'environments.cloud.vpcCidr: "10.20.0.0/25" must be /16 to /24: AWS allows a VPC from /16 to /28, and each of the 16 subnets cut from it must be /28 or larger',
    ]);
    expect(vpc("10.20.0.0/15")).toEqual([
      expect.stringMatching(/^environments\.cloud\.vpcCidr: "10\.20\.0\.0\/15" must be \/16 to \/24/),
    ]);
    expect(problems((c) => set(c, "environments.cloud.eks.version", "1.36"))).toEqual([]);
    expect(problems((c) => set(c, "environments.cloud.eks.version", "1.31"))).toEqual([]);
    expect(problems((c) => set(c, "environments.cloud.eks.version", "1.30"))).toEqual([
      'environments.cloud.eks.version: "1.30" is not a version EKS creates clusters at (1.31 to 1.36)',
    ]);
  });

  it("eks: the public endpoint is neither the internet (waivable) nor private", () => {
    const r = checkSemantics(structuredClone(base));
    expect(r.problems).toEqual([]);
    const c = structuredClone(base);
    set(c, "environments.cloud.eks.publicAccessCidrs", ["0.0.0.0/0"]);
    expect(checkSemantics(c).problems).toEqual([
      {
        path: "environments.cloud.eks.publicAccessCidrs[0]",
        message:
          '"0.0.0.0/0" admits every IPv4 address; name the networks instead, or waive it with a suppression (and a reason) of the policy gate\'s EKS endpoint rule',
        policy: "eks-public-endpoint",
      },
    ]);
    expect(problems((e) => set(e, "environments.cloud.eks.publicAccessCidrs", ["10.1.0.0/16"]))).toEqual([
      'environments.cloud.eks.publicAccessCidrs[0]: "10.1.0.0/16" is private; EKS refuses private ranges for the public endpoint (the private endpoint already serves the VPC)',
    ]);
  });

  it("eks: node group order, room for servers and gateways, big enough, one architecture", () => {
    const ng = (v: Record<string, unknown>) =>
      problems((c) => Object.assign(record(c, "environments.cloud.eks.nodeGroup"), v));
    expect(ng({ minSize: 3, desiredSize: 3, maxSize: 3 })).toEqual([]);
    expect(ng({ minSize: 4, desiredSize: 3, maxSize: 6 })).toEqual([
      'environments.cloud.eks.nodeGroup: {"minSize":4,"desiredSize":3,"maxSize":6} needs minSize <= desiredSize <= maxSize',
    ]);
    expect(ng({ minSize: 3, desiredSize: 7, maxSize: 6 })).toEqual([
      'environments.cloud.eks.nodeGroup: {"minSize":3,"desiredSize":7,"maxSize":6} needs minSize <= desiredSize <= maxSize',
    ]);
    expect(ng({ minSize: 2, desiredSize: 3 })).toEqual([
      "environments.cloud.eks.nodeGroup.minSize: 2 is below 3: each of the 3 Consul servers and 2 mesh gateways needs a node of its own (required anti-affinity)",
    ]);
    expect(problems((c) => set(c, "environments.cloud.meshGateway.replicas", 4))).toEqual([
      "environments.cloud.eks.nodeGroup.minSize: 3 is below 4: each of the 3 Consul servers and 4 mesh gateways needs a node of its own (required anti-affinity)",
    ]);
    expect(ng({ instanceTypes: ["t3.medium", "m6i.large"] })).toEqual([]);
    expect(ng({ instanceTypes: ["m6i.large", "t3.small", "t3.micro", "t3.nano"] })).toEqual([
      ...["small", "micro", "nano"].map(
        (s, i) =>
          `environments.cloud.eks.nodeGroup.instanceTypes[${i + 1}]: "t3.${s}" is too small: its pod limit can't hold Consul, the gateway and the system pods; use a .large or bigger`,
      ),
    ]);
    expect(ng({ instanceTypes: ["m6g.large", "c7gn.large", "a1.large"] })).toEqual([]);
    expect(ng({ instanceTypes: ["m6i.large", "m6g.large"] })).toEqual([
      'environments.cloud.eks.nodeGroup.instanceTypes: ["m6i.large","m6g.large"] mixes arm64 (Graviton) and x86_64 types; a node group runs one AMI architecture',
    ]);
    expect(ng({ instanceTypes: ["m6i.large", "a1.large"] })).toEqual([expect.stringMatching(/mixes arm64/)]);
    expect(ng({ instanceTypes: ["m6i.large", "g5.large"] })).toEqual([]); // GPU g5 is x86_64
  });

  it("eks: peer sources are never the internet, each or together, and never repeat", () => {
    const src = (list: string[]) => problems((c) => set(c, "environments.cloud.peerSourceCidrs", list));
    const fix = "list the other side's egress ranges instead";
    expect(src(["0.0.0.0/0"])).toEqual([
      `environments.cloud.peerSourceCidrs[0]: "0.0.0.0/0" admits every IPv4 address; ${fix}`,
    ]);
    expect(src(["192.168.0.0/16", "192.168.0.0/16"])).toEqual([
      'environments.cloud.peerSourceCidrs[1]: "192.168.0.0/16" repeats environments.cloud.peerSourceCidrs[0]',
    ]);
    expect(src(["192.168.0.0/16", "0.0.0.0/1", "128.0.0.0/1"])).toEqual([
      `environments.cloud.peerSourceCidrs[1]: "0.0.0.0/1" is wider than /8 and admits the internet, as open as 0.0.0.0/0; ${fix}`,
      `environments.cloud.peerSourceCidrs[2]: "128.0.0.0/1" is wider than /8 and admits the internet, as open as 0.0.0.0/0; ${fix}`,
    ]);
    const eights = ["192.168.0.0/16", ...Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`)];
    expect(src(eights)).toEqual([
      `environments.cloud.peerSourceCidrs: ${JSON.stringify(eights)} together cover every public IPv4 address, as open as 0.0.0.0/0; ${fix}`,
    ]);
    expect(src(eights.slice(0, 200))).toEqual([]);
  });

  it("eks with vpn: peer sources cover the first on-prem network the VPN routes", () => {
    expect(problems((c) => set(c, "environments.cloud.peerSourceCidrs", ["192.168.0.0/17"]))).toEqual([
      'environments.cloud.peerSourceCidrs: ["192.168.0.0/17"] does not cover environments.onprem.networkCidrs[0] ("192.168.0.0/16"), which the VPN routes; that side\'s gateway could not reach this one',
    ]);
    expect(
      problems((c) => set(c, "environments.cloud.peerSourceCidrs", ["192.168.0.0/17", "192.168.128.0/17"])),
    ).toEqual([]);
  });

  it("eks with public connectivity: warns when every peer source is private, not when one is public", () => {
    const pub = (list: string[]) =>
      check((c) => {
        set(c, "connectivity", { type: "public" });
        set(c, "environments.cloud.peerSourceCidrs", list);
        set(c, "environments.onprem.meshGateway.publicAddress", "8.8.8.8");
      });
    expect(pub(["192.168.0.0/16"])).toEqual({
      problems: [],
      warnings: [
        'environments.cloud.peerSourceCidrs: ["192.168.0.0/16"] are all private, but connectivity is "public": traffic over the internet arrives from the other side\'s public (NAT) address, so nothing will reach this gateway',
      ],
    });
    expect(pub(["192.168.0.0/16", "8.8.8.0/24"])).toEqual({ problems: [], warnings: [] });
    expect(pub(["8.8.8.0/24"])).toEqual({ problems: [], warnings: [] });
  });

  it("images: immutable tags on both kinds, a tag-free lower-case repository on kind", () => {
    const tagMsg =
      'is not an immutable reference; use a version (e.g. "1.4.2"), a commit hash or a digest ("sha256:..."): the ECR repository refuses to move a tag, and on kind a moving tag changes what runs under you';
    expect(problems((c) => set(c, "environments.cloud.images.tag", "latest"))).toEqual([
      `environments.cloud.images.tag: "latest" ${tagMsg}`,
    ]);
    expect(problems((c) => set(c, "environments.onprem.images.tag", "Latest"))).toEqual([
      `environments.onprem.images.tag: "Latest" ${tagMsg}`,
    ]);
    for (const ok of ["registry.local:5000/team/service", "a", "a/b__c", "host.example/a-b.c", "a--b"]) {
      expect(problems((c) => set(c, "environments.onprem.images.repository", ok))).toEqual([]);
    }
    // "Team/service" is valid: an upper-case first component is a registry host in Docker's grammar.
    for (const bad of ["team/Service", "service:1.0", "a/", "/a", "a-", "a___b", "host:port/a"]) {
      expect(problems((c) => set(c, "environments.onprem.images.repository", bad))).toEqual([
        `environments.onprem.images.repository: ${JSON.stringify(bad)} is not an image repository (e.g. "registry.local:5000/team/service"; lower-case path, no tag: the tag is images.tag)`,
      ]);
    }
  });

  it("kind: nodePort required, networks listed once", () => {
    expect(problems((c) => unset(c, "environments.onprem.meshGateway.nodePort"))).toEqual([
      "environments.onprem.meshGateway.nodePort: is required for a kind environment (the gateway is a NodePort service)",
    ]);
    expect(problems((c) => list(c, "environments.onprem.networkCidrs").push("10.96.0.0/16"))).toEqual([
      'environments.onprem.networkCidrs[3]: "10.96.0.0/16" is listed twice',
    ]);
  });

  it("kind: the cluster file is read, named for the context, maps the NodePort, and its ranges are declared", () => {
    expect(problems((c) => set(c, "environments.onprem.kindConfig", path.join(tmp, "missing.yaml")))).toEqual([
      `environments.onprem.kindConfig: ${JSON.stringify(path.join(tmp, "missing.yaml"))} cannot be read (ENOENT); paths are relative to the directory synth runs in`,
    ]);
    const bad = kindFile("name: [unclosed\n");
    expect(problems((c) => set(c, "environments.onprem.kindConfig", bad))).toEqual([
      `environments.onprem.kindConfig: ${JSON.stringify(bad)} is not valid YAML`,
    ]);
    const ok = kindFile(KIND_OK);
    expect(problems((c) => set(c, "environments.onprem.kindConfig", ok))).toEqual([]);
    const empty = kindFile("");
    expect(problems((c) => set(c, "environments.onprem.kindConfig", empty))).toEqual([
      `environments.onprem.meshGateway.nodePort: 30443 is not mapped to the host by ${empty} (extraPortMappings containerPort); the other side could not reach the gateway`,
    ]);
    const other = kindFile(KIND_OK.replace("hybrid-onprem", "lab"));
    expect(problems((c) => set(c, "environments.onprem.kindConfig", other))).toEqual([
      `environments.onprem.kubeContext: "kind-hybrid-onprem" is not the context kind creates for the cluster "lab" in ${other}; use "kind-lab"`,
    ]);
    const nets = kindFile(`${KIND_OK}networking:\n  podSubnet: 10.50.0.0/16\n  serviceSubnet: 10.96.0.0/12\n`);
    expect(problems((c) => set(c, "environments.onprem.kindConfig", nets))).toEqual([
      `environments.onprem.networkCidrs: ["192.168.0.0/16","10.244.0.0/16","10.96.0.0/16"] does not cover the cluster's podSubnet "10.50.0.0/16" from ${nets}`,
      `environments.onprem.networkCidrs: ["192.168.0.0/16","10.244.0.0/16","10.96.0.0/16"] does not cover the cluster's serviceSubnet "10.96.0.0/12" from ${nets}`,
    ]);
    // kind's defaults (10.244.0.0/16 pods, 10.96.0.0/16 services) apply when the file sets none.
    expect(
      problems((c) => {
        set(c, "environments.onprem.kindConfig", ok);
        set(c, "environments.onprem.networkCidrs", ["192.168.0.0/16", "10.244.0.0/16"]);
      }),
    ).toEqual([
      `environments.onprem.networkCidrs: ["192.168.0.0/16","10.244.0.0/16"] does not cover the cluster's serviceSubnet "10.96.0.0/16" from ${ok}`,
    ]);
  });

  it("s3 backend: bucket names, region, key prefix, locking, table names", () => {
    const s3 = (b: Record<string, unknown>) =>
      problems((c) =>
        set(c, "environments.cloud.backend", { type: "s3", bucket: "my-state", region: "eu-west-1", ...b }),
      );
    const bucketMsg =
      "is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit, not an IP address)";
    expect(s3({})).toEqual([]);
    // Each prefix, suffix and IP-address rule is anchored: the same text inside a name is fine.
    for (const ok of [
      "abc",
      "a".repeat(63),
      "a.b-c",
      "1-2-3",
      "xn-a",
      "a-s3alia",
      "a192.168.1.1",
      "192.168.1.1a",
      "axn--b",
      "asthree-b",
      "a-s3aliasb",
      "a--ol-s3b",
    ]) {
      expect(s3({ bucket: ok })).toEqual([]);
    }
    for (const bad of [
      "ab",
      "a".repeat(64),
      "-abc",
      "abc-",
      "Abc",
      "a..b",
      "192.168.1.1",
      "10.100.100.100",
      "xn--abc",
      "sthree-abc",
      "abc-s3alias",
      "abc--ol-s3",
      "a_b",
    ]) {
      expect(s3({ bucket: bad })).toEqual([`environments.cloud.backend.bucket: ${JSON.stringify(bad)} ${bucketMsg}`]);
    }
    expect(s3({ region: "us-gov-west-1" })).toEqual([]);
    for (const bad of ["eu-west", "euwest-1", "EU-west-1", "eu-west-1a", "e-west-1", "1eu-west-1"]) {
      expect(s3({ region: bad })).toEqual([
        `environments.cloud.backend.region: ${JSON.stringify(bad)} is not an AWS region (e.g. "eu-west-1")`,
      ]);
    }
    expect(s3({ keyPrefix: "team/mesh" })).toEqual([]);
    for (const bad of ["/team", "team//mesh"]) {
      expect(s3({ keyPrefix: bad })).toEqual([
        `environments.cloud.backend.keyPrefix: ${JSON.stringify(bad)} must not start with '/' or contain '//'; Terraform's S3 backend refuses such a key`,
      ]);
    }
    expect(s3({ useLockfile: false })).toEqual([
      "environments.cloud.backend.useLockfile: false with no dynamodbTable leaves the state unlocked: two applies at once corrupt it; keep the lock file or name a table",
    ]);
    expect(s3({ useLockfile: true })).toEqual([]);
    expect(s3({ useLockfile: false, dynamodbTable: "abc" })).toEqual([]);
    expect(s3({ dynamodbTable: "a".repeat(255) })).toEqual([]);
    for (const bad of ["ab", "a".repeat(256), "a b", "a/b"]) {
      expect(s3({ dynamodbTable: bad })).toEqual([
        `environments.cloud.backend.dynamodbTable: ${JSON.stringify(bad)} is not a DynamoDB table name (3-255 letters, digits, '_', '-' and '.')`,
      ]);
    }
  });
});
