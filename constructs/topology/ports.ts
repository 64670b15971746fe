/**
 * Local ports of upstream listeners. Each callee's port is a function of its own name only
 * (unless pinned with `upstreamPort`): adding or removing another service or call never moves it,
 * so unrelated pods are never restarted by an edit. Two callees of one caller that land on the
 * same port are reported by deriveTopology, which names the one to pin; nothing moves silently.
 */
import { SIDECAR_PORTS } from "../validation";

/** @default first port of the range */
export const DEFAULT_UPSTREAM_PORT_BASE = 9100;
/**
 * Ports the hash spreads over, from the base. Wide, so a caller with n upstreams sees a collision
 * with probability about n²/32768 (under 1% for 12 upstreams); from the default base the range
 * ends below the Linux ephemeral ports (32768).
 */
export const UPSTREAM_PORT_SPAN = 16384;

/** FNV-1a, 32 bits, over UTF-16 code units (service names are ASCII labels): small and stable everywhere. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The upstream port of `service` when not pinned: base + hash(name) mod span, stepping over the sidecar's ports. */
export function upstreamPortOf(service: string, base: number = DEFAULT_UPSTREAM_PORT_BASE): number {
  let offset = fnv1a(service) % UPSTREAM_PORT_SPAN;
  while (SIDECAR_PORTS.has(base + offset)) offset = (offset + 1) % UPSTREAM_PORT_SPAN;
  return base + offset;
}
