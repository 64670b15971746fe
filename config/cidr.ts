/**
 * IPv4 CIDR arithmetic done at synth time, so the plan shows literal subnet ranges instead of
 * `cidrsubnet(...)` expressions.
 */

/** A parsed IPv4 CIDR: the network address as an unsigned 32-bit number, and the prefix length. */
export interface Ipv4Cidr {
  readonly network: number;
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
