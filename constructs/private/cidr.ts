/**
 * IP address and CIDR arithmetic, shared by the policy gate and the config checks. It imports
 * nothing, so the config layer can use it without depending on the rest of the library.
 *
 * "Open" is decided by coverage, never by spelling: `0.0.0.0/1` plus `128.0.0.0/1` is as open
 * as `0.0.0.0/0`, and so is any single range wide enough to take in unrelated networks.
 */

/** A parsed IPv4 CIDR: the network address as an unsigned 32-bit number, and the prefix length. */
export interface Ipv4Cidr {
  readonly network: number;
  readonly prefix: number;
}

/** An IPv4 or IPv6 network as a half-open range of addresses. */
export interface IpRange {
  readonly version: 4 | 6;
  readonly start: bigint;
  /** Exclusive. */
  readonly end: bigint;
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as an unsigned 32-bit number, or undefined if it is not a dotted-quad IPv4 address. */
export function parseIpv4(ip: string): number | undefined {
  const m = IPV4.exec(ip);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Parses "a.b.c.d/n"; undefined if malformed or if host bits are set (e.g. "10.0.0.1/16"). */
export function parseCidr(cidr: string): Ipv4Cidr | undefined {
  const [ip, len, ...rest] = cidr.split("/");
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a missing index or key reads undefined (noUncheckedIndexedAccess is off)
  if (rest.length || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const network = parseIpv4(ip);
  const prefix = Number(len);
  if (network === undefined || prefix > 32) return undefined;
  return network % blockSize(prefix) === 0 ? { network, prefix } : undefined;
}

/** Terraform's `cidrsubnet(cidr, newbits, netnum)`, computed here. */
export function cidrSubnet(cidr: string, newbits: number, netnum: number): string {
  const base = parseCidr(cidr);
  if (!base) throw new Error(`cidrSubnet: ${JSON.stringify(cidr)} is not an IPv4 network CIDR`);
  const prefix = base.prefix + newbits;
  if (prefix > 32 || netnum < 0 || netnum >= 2 ** newbits || !Number.isInteger(netnum)) {
    throw new Error(`cidrSubnet: netnum ${netnum} with ${newbits} new bits does not fit in ${cidr}`);
  }
  return formatCidr({ network: base.network + netnum * blockSize(prefix), prefix });
}

/** True if the two networks share any address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + blockSize(a.prefix);
  const bEnd = b.network + blockSize(b.prefix);
  return a.network < bEnd && b.network < aEnd;
}

export function formatCidr(c: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.network / 2 ** shift) % 256);
  return `${octets.join(".")}/${c.prefix}`;
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** An IPv6 address (RFC 4291 text forms, `::` and an embedded dotted quad included) as a 128-bit number. */
export function parseIpv6(ip: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(ip) || ip.split("::").length > 2) return undefined;
  let text = ip;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    // An embedded dotted quad (e.g. ::ffff:192.0.2.1) stands for the last two groups.
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const [head, rest] = text.split("::");
  const left = groups(head);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a missing index or key reads undefined (noUncheckedIndexedAccess is off)
  const right = rest === undefined ? [] : groups(rest);
  const total = left.length + right.length;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a missing index or key reads undefined (noUncheckedIndexedAccess is off)
  if (rest === undefined ? total !== 8 : total > 7) return undefined;
  const words = [...left, ...Array<string>(8 - total).fill("0"), ...right];
  if (words.some((w) => !/^[0-9A-Fa-f]{1,4}$/.test(w))) return undefined;
  return words.reduce((acc, w) => (acc << 16n) + BigInt(parseInt(w, 16)), 0n);
}

/** Parses an IPv4 or IPv6 network CIDR into a range; undefined if malformed or host bits are set. */
export function parseRange(cidr: string): IpRange | undefined {
  const slash = cidr.indexOf("/");
  if (slash < 0 || !/^\d{1,3}$/.test(cidr.slice(slash + 1))) return undefined;
  const prefix = Number(cidr.slice(slash + 1));
  const ip = cidr.slice(0, slash);
  const v4 = parseIpv4(ip);
  const version = v4 !== undefined ? 4 : 6;
  const start = v4 !== undefined ? BigInt(v4) : parseIpv6(ip);
  const bits = version === 4 ? 32 : 128;
  if (start === undefined || prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  return start % size === 0n ? { version, start, end: start + size, prefix } : undefined;
}

/*
 * Special-purpose space (IANA IPv4/IPv6 Special-Purpose Address Registries, RFC 6890 and
 * updates): none of it is reachable from the internet, so everything else is "public".
 */
const SPECIAL_V4 = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
];
/** Private networks in the routing sense (RFC 1918 and shared CGN space): not routed on the internet. */
const PRIVATE_V4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];
/** RFC 5737's documentation networks (TEST-NET-1..3). */
export const DOCUMENTATION_V4 = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"] as const;
/** Global unicast (2000::/3) is the IPv6 internet, less its documentation and special ranges. */
const GLOBAL_V6 = "2000::/3";
const SPECIAL_V6 = ["2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20"];

const ranges = (list: readonly string[]) => list.map((c) => parseRange(c) as IpRange);
const SPECIAL_V4_RANGES = ranges(SPECIAL_V4);
const PRIVATE_V4_RANGES = ranges(PRIVATE_V4);
const DOCUMENTATION_V4_RANGES = ranges(DOCUMENTATION_V4);
const GLOBAL_V6_RANGE = parseRange(GLOBAL_V6) as IpRange;
const SPECIAL_V6_RANGES = ranges(SPECIAL_V6);

/** The internet's address space of one version, as sorted disjoint ranges. */
const PUBLIC_SPACE: Record<4 | 6, readonly IpRange[]> = {
  4: subtract([{ version: 4, start: 0n, end: 1n << 32n, prefix: 0 }], SPECIAL_V4_RANGES),
  6: subtract([GLOBAL_V6_RANGE], SPECIAL_V6_RANGES),
};

/**
 * The widest single range that still names one party's networks. IANA hands address space to the
 * regional registries in /8 (IPv4) and /12 (IPv6) blocks; a range wider than that spans unrelated
 * organizations, which is the internet for a security decision.
 */
const WIDEST_NAMED: Record<4 | 6, number> = { 4: 8, 6: 12 };

/** Sorted, merged union of ranges of one version. */
export function union(list: readonly IpRange[]): IpRange[] {
  const sorted = [...list].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: IpRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a missing index or key reads undefined (noUncheckedIndexedAccess is off)
    if (last && r.start <= last.end) out[out.length - 1] = { ...last, end: r.end > last.end ? r.end : last.end };
    else out.push(r);
  }
  return out;
}

/** `from` minus `cut`, as sorted disjoint ranges. */
function subtract(from: readonly IpRange[], cut: readonly IpRange[]): IpRange[] {
  let rest = union(from);
  for (const c of cut) {
    rest = rest.flatMap((r) => {
      if (c.end <= r.start || c.start >= r.end) return [r];
      const parts: IpRange[] = [];
      if (c.start > r.start) parts.push({ ...r, end: c.start });
      if (c.end < r.end) parts.push({ ...r, start: c.end });
      return parts;
    });
  }
  return rest;
}

/** True if the union of `outer` contains every address of `inner`. */
export function covers(outer: readonly IpRange[], inner: IpRange): boolean {
  return (
    subtract(
      [inner],
      outer.filter((r) => r.version === inner.version),
    ).length === 0
  );
}

/** True if the range holds any address reachable from the internet. */
export function admitsPublic(r: IpRange): boolean {
  return PUBLIC_SPACE[r.version].some((p) => p.start < r.end && r.start < p.end);
}

/** True if every address of the range is private (RFC 1918 or shared CGN space), so the internet can't use it. */
export function isPrivateRange(r: IpRange): boolean {
  return r.version === 4 && PRIVATE_V4_RANGES.some((p) => p.start <= r.start && r.end <= p.end);
}

/** "This network", loopback, link-local, multicast and the reserved class E: no host network may use them. */
const UNUSABLE_V4_RANGES = ranges(["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"]);

/** The unusable range a network overlaps (loopback, link-local, multicast...), if any. */
export function unusableOverlap(r: IpRange): string | undefined {
  const hit = r.version === 4 ? UNUSABLE_V4_RANGES.find((u) => u.start < r.end && r.start < u.end) : undefined;
  return hit ? SPECIAL_V4[SPECIAL_V4_RANGES.findIndex((x) => x.start === hit.start && x.end === hit.end)] : undefined;
}

/** Why a list of CIDRs is as open as the whole internet, or undefined if it is not. Malformed entries are ignored. */
export function openness(cidrs: readonly string[]): string | undefined {
  const parsed = cidrs.map(parseRange).filter((r): r is IpRange => r !== undefined);
  for (const version of [4, 6] as const) {
    const mine = parsed.filter((r) => r.version === version);
    if (!mine.length) continue;
    const wide = mine.find((r) => r.prefix < WIDEST_NAMED[version] && admitsPublic(r));
    const all = version === 4 ? "0.0.0.0/0" : "::/0";
    if (wide?.prefix === 0) return `admits every ${version === 4 ? "IPv4" : "IPv6"} address`;
    if (wide) return `is wider than /${WIDEST_NAMED[version]} and admits the internet, as open as ${all}`;
    if (PUBLIC_SPACE[version].every((p) => covers(mine, p))) {
      return `together cover${mine.length === 1 ? "s" : ""} every public ${version === 4 ? "IPv4" : "IPv6"} address, as open as ${all}`;
    }
  }
  return undefined;
}

/** How an IPv4 address fails to be a public unicast address, or undefined if it is one. */
export function notPublicUnicast(ip: string): string | undefined {
  const n = parseIpv4(ip);
  if (n === undefined) return "is not an IPv4 address";
  const r: IpRange = { version: 4, start: BigInt(n), end: BigInt(n) + 1n, prefix: 32 };
  if (isPrivateRange(r)) return "is a private address, not reachable from the internet";
  if (DOCUMENTATION_V4_RANGES.some((d) => d.start <= r.start && r.end <= d.end)) return undefined; // examples in docs stay usable
  if (n >= 0xe0000000 && n < 0xf0000000) return "is a multicast address";
  if (!admitsPublic(r))
    return "is a reserved address (loopback, link-local, broadcast or special-purpose), not a public unicast one";
  return undefined;
}
