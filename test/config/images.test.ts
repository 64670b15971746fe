import { imageReference, mutableTagProblem } from "../../config/images";

// Image tags at each boundary: a moving name in any case, a name that is no version, and the two
// reference forms (tag after ":", digest after "@").
const DIGEST = `sha256:${"a".repeat(64)}`;
const MOVING =
  'is not an immutable reference; use a version (e.g. "1.4.2"), a commit hash or a digest ("sha256:..."): the ECR repository refuses to move a tag, and on kind a moving tag changes what runs under you';

describe("image tags", () => {
  it("accepts versions, commit hashes and digests", () => {
    for (const tag of ["1.4.2", "v2", "2024-05-01", "1.2.3-rc.1", "abc1234", DIGEST])
      expect(mutableTagProblem(tag)).toBeUndefined();
  });

  it("refuses moving names in any case, and names that are no version", () => {
    for (const tag of ["latest", "LATEST", "Stable", "feature-x", "abc123", `sha256:${"a".repeat(63)}`])
      expect(mutableTagProblem(tag)).toBe(MOVING);
  });

  it("puts a tag after a colon and a digest after an at sign", () => {
    expect(imageReference("repo/app", "1.4.2")).toBe("repo/app:1.4.2");
    expect(imageReference("repo/app", DIGEST)).toBe(`repo/app@${DIGEST}`);
  });
});
