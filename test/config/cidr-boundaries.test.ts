import {
  admitsPublic,
  cidrSubnet,
  cidrsOverlap,
  covers,
  formatCidr,
  isPrivateRange,
  notPublicUnicast,
  openness,
  parseCidr,
  parseIpv4,
  parseIpv6,
  parseRange,
  union,
  unusableOverlap,
} from "../../constructs/private/cidr";
import type { IpRange } from "../../constructs/private/cidr";
import { must } from "../support";

// Each boundary of the CIDR arithmetic, tested from both sides.
const r = (c: string): IpRange => {
  const range = parseRange(c);
  if (!range) throw new Error(`test fixture ${c} does not parse`);
  return range;
};

describe("parseIpv4", () => {
  it("reads dotted quads with one to three digits per octet", () => {
    expect(parseIpv4("0.0.0.0")).toBe(0);
    expect(parseIpv4("1.2.3.4")).toBe(0x01020304);
    expect(parseIpv4("10.20.30.40")).toBe(0x0a141e28);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
  });
  it("refuses octets above 255, four digits, missing octets and surrounding text", () => {
    for (const bad of [
      "256.0.0.0",
      "0.0.0.256",
      "1.2.3.1000",
      "1.2.3",
      "1.2.3.4.5",
      " 1.2.3.4",
      "1.2.3.4 ",
      "a.b.c.d",
      "1..3.4",
      "",
    ]) {
      expect(parseIpv4(bad)).toBeUndefined();
    }
  });
});

describe("parseCidr", () => {
  it("accepts /0 through /32 on a network address", () => {
    expect(parseCidr("0.0.0.0/0")).toEqual({ network: 0, prefix: 0 });
    expect(parseCidr("10.0.0.0/8")).toEqual({ network: 0x0a000000, prefix: 8 });
    expect(parseCidr("10.1.2.3/32")).toEqual({ network: 0x0a010203, prefix: 32 });
    expect(parseCidr("10.1.2.2/31")).toEqual({ network: 0x0a010202, prefix: 31 });
  });
  it("refuses /33, host bits, a missing or three-digit length, a second slash and a bad address", () => {
    for (const bad of [
      "10.0.0.0/33",
      "10.1.2.3/31",
      "10.0.0.1/8",
      "10.0.0.0",
      "10.0.0.0/",
      "10.0.0.0/008",
      "10.0.0.0/8/8",
      "10.0.0.0/x",
      "10.0.0/8",
      "300.0.0.0/8",
    ]) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });
});

describe("cidrSubnet (Terraform's cidrsubnet)", () => {
  it("numbers subnets from the base network", () => {
    expect(cidrSubnet("10.0.0.0/16", 8, 0)).toBe("10.0.0.0/24");
    expect(cidrSubnet("10.0.0.0/16", 8, 1)).toBe("10.0.1.0/24");
    expect(cidrSubnet("10.0.0.0/16", 8, 255)).toBe("10.0.255.0/24");
    expect(cidrSubnet("10.0.0.0/16", 4, 3)).toBe("10.0.48.0/20");
    expect(cidrSubnet("10.0.0.0/24", 8, 7)).toBe("10.0.0.7/32");
  });
  it("refuses a netnum that does not fit, a fraction, a prefix past /32 and a bad base", () => {
    expect(() => cidrSubnet("10.0.0.0/16", 8, 256)).toThrow(
      "cidrSubnet: netnum 256 with 8 new bits does not fit in 10.0.0.0/16",
    );
    expect(() => cidrSubnet("10.0.0.0/16", 8, -1)).toThrow("does not fit");
    expect(() => cidrSubnet("10.0.0.0/16", 8, 1.5)).toThrow("does not fit");
    expect(() => cidrSubnet("10.0.0.0/24", 9, 0)).toThrow("does not fit");
    expect(() => cidrSubnet("10.0.0.1/16", 8, 0)).toThrow('cidrSubnet: "10.0.0.1/16" is not an IPv4 network CIDR');
  });
});

describe("cidrsOverlap", () => {
  const c = (s: string) => must(parseCidr(s));
  it("sees shared addresses in either order", () => {
    expect(cidrsOverlap(c("10.0.0.0/16"), c("10.0.1.0/24"))).toBe(true);
    expect(cidrsOverlap(c("10.0.1.0/24"), c("10.0.0.0/16"))).toBe(true);
    expect(cidrsOverlap(c("10.0.0.0/24"), c("10.0.0.0/24"))).toBe(true);
  });
  it("keeps adjacent networks apart in either order", () => {
    expect(cidrsOverlap(c("10.0.0.0/24"), c("10.0.1.0/24"))).toBe(false);
    expect(cidrsOverlap(c("10.0.1.0/24"), c("10.0.0.0/24"))).toBe(false);
    expect(cidrsOverlap(c("10.0.0.255/32"), c("10.0.1.0/32"))).toBe(false);
  });
});

describe("formatCidr", () => {
  it("writes every octet", () => {
    expect(formatCidr({ network: 0x0a0b0c0d, prefix: 32 })).toBe("10.11.12.13/32");
    expect(formatCidr({ network: 0xffffff00, prefix: 24 })).toBe("255.255.255.0/24");
  });
});

describe("parseIpv6", () => {
  it("reads full, compressed and dotted-quad forms", () => {
    expect(parseIpv6("1:2:3:4:5:6:7:8")).toBe(0x00010002000300040005000600070008n);
    expect(parseIpv6("1::")).toBe(1n << 112n);
    expect(parseIpv6("1::8")).toBe((1n << 112n) + 8n);
    expect(parseIpv6("1:2:3:4:5:6:7::")).toBe(0x00010002000300040005000600070000n);
    expect(parseIpv6("ABCD::")).toBe(0xabcdn << 112n);
    expect(parseIpv6("::1.2.3.4")).toBe(0x01020304n);
    expect(parseIpv6("::ffff:0.0.1.0")).toBe(0xffff00000100n);
  });
  it("refuses too many or too few groups, long groups, bad dotted quads and foreign characters", () => {
    for (const bad of [
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8::",
      "1::2:3:4:5:6:7:8",
      "12345::1",
      "::1.2.3.256",
      "::1.2.3",
      "1:2:3:4:5:6:7:8:9",
      ":::",
      "::-1",
      "1::2::",
      "1:2",
    ]) {
      expect(parseIpv6(bad)).toBeUndefined();
    }
  });
});

describe("parseRange", () => {
  it("parses both families with the prefix bounds of each", () => {
    expect(r("10.0.0.0/8")).toEqual({ version: 4, start: 0x0a000000n, end: 0x0b000000n, prefix: 8 });
    expect(r("10.0.0.1/32")).toEqual({ version: 4, start: 0x0a000001n, end: 0x0a000002n, prefix: 32 });
    expect(r("::/0")).toEqual({ version: 6, start: 0n, end: 1n << 128n, prefix: 0 });
    expect(r("::1/128")).toEqual({ version: 6, start: 1n, end: 2n, prefix: 128 });
  });
  it("refuses a missing prefix, a prefix past the family's width, four digits and host bits", () => {
    for (const bad of [
      "10.0.0.0",
      "10.0.0.0/33",
      "::/129",
      "::/1280",
      "10.0.0.0/",
      "10.0.0.0/a",
      "10.0.0.0/a8",
      "10.0.0.0/8a",
      "10.0.0.1/31",
      "::1/127",
      "x/8",
      "10.0.0.0/8/",
    ]) {
      expect(parseRange(bad)).toBeUndefined();
    }
  });
});

describe("union", () => {
  it("sorts, merges overlapping and touching ranges, keeps gaps", () => {
    expect(union([r("10.0.1.0/24"), r("10.0.0.0/24")])).toEqual([{ ...r("10.0.0.0/24"), end: r("10.0.1.0/24").end }]);
    expect(union([r("10.0.0.0/16"), r("10.0.5.0/24")])).toEqual([r("10.0.0.0/16")]);
    expect(union([r("10.0.5.0/24"), r("10.0.0.0/16")])).toEqual([r("10.0.0.0/16")]);
    expect(union([r("10.0.2.0/24"), r("10.0.0.0/24")])).toEqual([r("10.0.0.0/24"), r("10.0.2.0/24")]);
    expect(union([r("10.0.0.0/24"), r("10.0.0.0/24")])).toEqual([r("10.0.0.0/24")]);
    expect(union([])).toEqual([]);
    expect(union([r("10.0.4.0/24"), r("10.0.0.0/24"), r("10.0.2.0/24")])).toEqual([
      r("10.0.0.0/24"),
      r("10.0.2.0/24"),
      r("10.0.4.0/24"),
    ]);
    expect(union([r("10.0.0.0/23"), r("10.0.1.0/24")])).toEqual([r("10.0.0.0/23")]);
  });
});

describe("covers", () => {
  it("needs every address, and only ranges of the inner one's family count", () => {
    expect(covers([r("10.0.0.0/8")], r("10.1.0.0/16"))).toBe(true);
    expect(covers([r("10.0.0.0/8")], r("10.0.0.0/8"))).toBe(true);
    expect(covers([r("10.1.0.0/16")], r("10.0.0.0/8"))).toBe(false);
    // Two halves with a hole in the middle: neither end is the missing part.
    expect(covers([r("10.0.0.0/24"), r("10.0.2.0/24")], r("10.0.0.0/22"))).toBe(false);
    expect(covers([r("10.0.0.0/23"), r("10.0.2.0/23")], r("10.0.0.0/22"))).toBe(true);
    expect(covers([r("10.0.1.0/24"), r("10.0.2.0/23")], r("10.0.0.0/22"))).toBe(false);
    expect(covers([r("10.0.0.0/23"), r("10.0.2.0/24")], r("10.0.0.0/22"))).toBe(false);
    expect(covers([r("::/0")], r("10.0.0.0/8"))).toBe(false);
    expect(covers([], r("10.0.0.0/8"))).toBe(false);
  });
});

describe("admitsPublic and isPrivateRange", () => {
  it("tells public space from private at the edges of the private blocks", () => {
    expect(admitsPublic(r("8.8.8.8/32"))).toBe(true);
    expect(admitsPublic(r("10.0.0.0/8"))).toBe(false);
    expect(admitsPublic(r("11.0.0.0/32"))).toBe(true);
    expect(admitsPublic(r("9.255.255.255/32"))).toBe(true);
    expect(admitsPublic(r("2001:db8::/32"))).toBe(false);
    expect(admitsPublic(r("2600::/12"))).toBe(true);
    expect(admitsPublic(r("fc00::/7"))).toBe(false);
    expect(isPrivateRange(r("10.0.0.0/8"))).toBe(true);
    expect(isPrivateRange(r("10.255.255.255/32"))).toBe(true);
    expect(isPrivateRange(r("11.0.0.0/32"))).toBe(false);
    expect(isPrivateRange(r("9.255.255.255/32"))).toBe(false);
    expect(isPrivateRange(r("172.16.0.0/12"))).toBe(true);
    expect(isPrivateRange(r("172.0.0.0/8"))).toBe(false);
    expect(isPrivateRange(r("100.64.0.0/10"))).toBe(true);
    expect(isPrivateRange(r("100.128.0.0/32"))).toBe(false);
    expect(isPrivateRange(r("::/0"))).toBe(false);
    expect(isPrivateRange(r("fd00::/8"))).toBe(false);
  });
});

describe("unusableOverlap", () => {
  it("names the unusable block a network touches, and only IPv4 has them", () => {
    expect(unusableOverlap(r("127.0.0.1/32"))).toBe("127.0.0.0/8");
    expect(unusableOverlap(r("0.0.0.0/8"))).toBe("0.0.0.0/8");
    expect(unusableOverlap(r("169.254.0.0/24"))).toBe("169.254.0.0/16");
    expect(unusableOverlap(r("240.0.0.0/4"))).toBe("240.0.0.0/4");
    expect(unusableOverlap(r("126.255.255.255/32"))).toBeUndefined();
    expect(unusableOverlap(r("128.0.0.0/32"))).toBeUndefined();
    expect(unusableOverlap(r("120.0.0.0/5"))).toBe("127.0.0.0/8");
    expect(unusableOverlap(r("223.255.255.255/32"))).toBeUndefined();
    expect(unusableOverlap(r("::/0"))).toBeUndefined();
  });
});

describe("openness", () => {
  it("stays silent for named networks on either side of the widest-named boundary", () => {
    expect(openness([])).toBeUndefined();
    expect(openness(["8.0.0.0/8"])).toBeUndefined();
    expect(openness(["2600::/12"])).toBeUndefined();
    expect(openness(["not-a-cidr", "10.0.0.0/8"])).toBeUndefined();
    // Wider than /8 but all private or special: not the internet.
    expect(openness(["224.0.0.0/3"])).toBeUndefined();
    expect(openness(["fc00::/7"])).toBeUndefined();
  });
  it("names a single range wider than /8 (IPv4) or /12 (IPv6) that admits the internet", () => {
    expect(openness(["8.0.0.0/7"])).toBe("is wider than /8 and admits the internet, as open as 0.0.0.0/0");
    expect(openness(["2600::/11"])).toBe("is wider than /12 and admits the internet, as open as ::/0");
    expect(openness(["0.0.0.0/0", "::/0"])).toBe("admits every IPv4 address");
    expect(openness(["10.0.0.0/8", "::/0"])).toBe("admits every IPv6 address");
  });
  it("finds the internet spelled as halves, in the singular or plural", () => {
    expect(openness(["0.0.0.0/1", "128.0.0.0/1"])).toBe(
      "is wider than /8 and admits the internet, as open as 0.0.0.0/0",
    );
    expect(openness(["::/1", "8000::/1"])).toBe("is wider than /12 and admits the internet, as open as ::/0");
    const sixteenths = Array.from({ length: 16 }, (_, i) => `${(0x2000 + i * 0x100).toString(16)}::/8`);
    expect(openness(sixteenths.slice(0, 16))).toBe("is wider than /12 and admits the internet, as open as ::/0");
    const twelves = Array.from({ length: 512 }, (_, i) => `${(0x2000 + i * 0x10).toString(16)}::/12`);
    expect(openness(twelves)).toBe("together cover every public IPv6 address, as open as ::/0");
    expect(openness(twelves.slice(1))).toBeUndefined();
  });
});

describe("notPublicUnicast", () => {
  it("draws the multicast and reserved edges exactly", () => {
    expect(notPublicUnicast("223.255.255.255")).toBeUndefined();
    expect(notPublicUnicast("224.0.0.0")).toBe("is a multicast address");
    expect(notPublicUnicast("239.255.255.255")).toBe("is a multicast address");
    expect(notPublicUnicast("240.0.0.0")).toBe(
      "is a reserved address (loopback, link-local, broadcast or special-purpose), not a public unicast one",
    );
    expect(notPublicUnicast("127.0.0.1")).toMatch(/^is a reserved address/);
    expect(notPublicUnicast("192.0.2.0")).toBeUndefined();
    expect(notPublicUnicast("203.0.113.255")).toBeUndefined();
    expect(notPublicUnicast("203.0.114.0")).toBeUndefined();
    expect(notPublicUnicast("192.168.0.1")).toBe("is a private address, not reachable from the internet");
    expect(notPublicUnicast("172.31.255.255")).toBe("is a private address, not reachable from the internet");
    expect(notPublicUnicast("172.32.0.0")).toBeUndefined();
    expect(notPublicUnicast("::1")).toBe("is not an IPv4 address");
  });
});
