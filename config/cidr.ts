/** IPv4 address and CIDR helpers for config checks (no dependency; IPv6 is out of scope). */

export interface Cidr {
  readonly text: string;
  /** First address as an unsigned 32-bit number. */
  readonly start: number;
  /** Last address. */
  readonly end: number;
  readonly prefix: number;
}

/** Parses dotted-quad IPv4; undefined when malformed. */
export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Parses `a.b.c.d/n`; undefined when malformed or the prefix is out of 0..32. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const ip = parseIpv4(m[1]);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const start = Math.floor(ip / size) * size;
  return { text: s, start, end: start + size - 1, prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Formats an address number as dotted quad. */
export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** The i-th subnet of `newPrefix` inside `parent` (like Terraform's cidrsubnet). */
export function subnet(parent: string, newPrefix: number, index: number): string {
  const p = parseCidr(parent);
  if (!p || newPrefix < p.prefix || newPrefix > 32) throw new Error(`cannot carve /${newPrefix} #${index} out of ${parent}`);
  const size = 2 ** (32 - newPrefix);
  const start = p.start + index * size;
  if (start + size - 1 > p.end) throw new Error(`${parent} has no room for /${newPrefix} #${index}`);
  return `${formatIpv4(start)}/${newPrefix}`;
}
