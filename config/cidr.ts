/**
 * The config layer's CIDR helpers. The arithmetic lives in the library's dependency-free
 * private module, so the config checks and the policy gate decide "open" the same way.
 */
export {
  DOCUMENTATION_V4,
  cidrSubnet,
  cidrsOverlap,
  covers,
  formatCidr,
  isPrivateRange,
  notPublicUnicast,
  openness,
  parseCidr,
  parseIpv4,
  parseRange,
  unusableOverlap,
} from "../constructs/private/cidr";
export type { IpRange, Ipv4Cidr } from "../constructs/private/cidr";
