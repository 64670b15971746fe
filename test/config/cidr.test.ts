import { covers, notPublicUnicast, openness, parseRange, unusableOverlap } from "../../config/cidr";
import { parseIpv6 } from "../../constructs/private/cidr";
import { must } from "../support";

describe("IP arithmetic shared by the config checks and the policy gate", () => {
  it("parses IPv6 text forms and refuses malformed ones", () => {
    expect(parseIpv6("::")).toBe(0n);
    expect(parseIpv6("::1")).toBe(1n);
    expect(parseIpv6("2001:db8::1")).toBe(0x20010db8000000000000000000000001n);
    expect(parseIpv6("::ffff:192.0.2.1")).toBe(0xffffc0000201n);
    for (const bad of ["1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "::g", "1.2.3.4"])
      expect(parseIpv6(bad)).toBeUndefined();
    expect(parseRange("2001:db8::/32")?.prefix).toBe(32);
    expect(parseRange("2001:db8::1/32")).toBeUndefined(); // host bits set
  });

  it("calls a list open by coverage, in either family", () => {
    expect(openness(["0.0.0.0/0"])).toBe("admits every IPv4 address");
    expect(openness(["::/0"])).toBe("admits every IPv6 address");
    expect(openness(["64.0.0.0/3"])).toBe("is wider than /8 and admits the internet, as open as 0.0.0.0/0");
    expect(openness(["2000::/3"])).toBe("is wider than /12 and admits the internet, as open as ::/0");
    // Every public address, though no single range is wide: all 256 /8s, private ones included or not.
    const eights = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
    expect(openness(eights)).toBe("together cover every public IPv4 address, as open as 0.0.0.0/0");
    expect(openness(eights.filter((c) => !["10.0.0.0/8", "127.0.0.0/8"].includes(c)))).toBe(
      "together cover every public IPv4 address, as open as 0.0.0.0/0",
    );
    // One public /8 left out is not the internet.
    expect(openness(eights.filter((c) => c !== "8.0.0.0/8"))).toBeUndefined();
    // Wide but private is not open.
    expect(openness(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])).toBeUndefined();
  });

  it("knows public unicast addresses", () => {
    expect(notPublicUnicast("8.8.8.8")).toBeUndefined();
    expect(notPublicUnicast("198.51.100.1")).toBeUndefined(); // documentation range: examples stay usable
    expect(notPublicUnicast("10.1.2.3")).toBe("is a private address, not reachable from the internet");
    expect(notPublicUnicast("100.64.0.1")).toBe("is a private address, not reachable from the internet");
    expect(notPublicUnicast("239.1.1.1")).toBe("is a multicast address");
    expect(notPublicUnicast("169.254.169.254")).toMatch(/^is a reserved address/);
    expect(notPublicUnicast("255.255.255.255")).toMatch(/^is a reserved address/);
    expect(notPublicUnicast("1.2.3")).toBe("is not an IPv4 address");
  });

  it("computes coverage across ranges and finds unusable space", () => {
    const r = (c: string) => must(parseRange(c));
    expect(covers([r("192.168.0.0/17"), r("192.168.128.0/17")], r("192.168.0.0/16"))).toBe(true);
    expect(covers([r("192.168.0.0/17")], r("192.168.0.0/16"))).toBe(false);
    expect(unusableOverlap(r("224.0.0.0/24"))).toBe("224.0.0.0/4");
    expect(unusableOverlap(r("10.0.0.0/8"))).toBeUndefined();
  });
});
