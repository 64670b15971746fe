/**
 * Image references. A tag must name one build forever: the ECR repository is immutable (it
 * refuses to move a tag), and on kind a moving tag would change what runs under you.
 */

/** Tags that conventionally move. */
const MUTABLE_TAGS = new Set([
  "latest",
  "stable",
  "main",
  "master",
  "dev",
  "develop",
  "edge",
  "nightly",
  "head",
  "current",
  "release",
  "prod",
  "production",
  "test",
]);
/** A version (1.2.3, v2, 2024-05-01, 1.2.3-rc.1) or a commit hash. */
const VERSION_TAG = /^(v?\d+([._-][0-9A-Za-z]+)*|[0-9a-f]{7,40})$/;
/** A content digest, pulled as `repository@sha256:...`. */
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Why a tag is not an immutable reference, or undefined if it is one. */
export function mutableTagProblem(tag: string): string | undefined {
  if (DIGEST.test(tag)) return undefined;
  if (MUTABLE_TAGS.has(tag.toLowerCase()) || !VERSION_TAG.test(tag)) {
    return 'is not an immutable reference; use a version (e.g. "1.4.2"), a commit hash or a digest ("sha256:..."): the ECR repository refuses to move a tag, and on kind a moving tag changes what runs under you';
  }
  return undefined;
}

/** `repository:tag`, or `repository@sha256:...` for a digest. */
export function imageReference(repository: string, tag: string): string {
  return `${repository}${DIGEST.test(tag) ? "@" : ":"}${tag}`;
}
