import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesize } from "../../app/synth";
import { tree } from "../support/files";

const ROOT = path.resolve(__dirname, "../..");
const LAUNCH = path.join(ROOT, "app", "launch.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-launch-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function launch(entry: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [LAUNCH, entry], {
    cwd: path.dirname(entry),
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe("app/launch.js", () => {
  // A small project of its own: an entry, a module it imports, and a file read beside a source.
  const proj = path.join(tmp, "proj");
  const entry = path.join(proj, "entry.ts");
  const msg = path.join(proj, "lib", "msg.ts");
  const bundle = path.join(proj, ".cache", "launch", "entry_ts", "bundle.js");
  beforeAll(() => {
    fs.mkdirSync(path.join(proj, "lib"), { recursive: true });
    fs.writeFileSync(path.join(proj, "package.json"), "{}\n");
    fs.writeFileSync(path.join(proj, "lib", "data.txt"), "beside lib\n");
    fs.writeFileSync(
      msg,
      'import * as fs from "fs";\nexport const msg: string = "one";\nexport const beside = fs.readFileSync(`${__dirname}/data.txt`, "utf8").trim();\n',
    );
    fs.writeFileSync(
      entry,
      'import { beside, msg } from "./lib/msg";\nconsole.log(msg, beside, process.argv.length);\n',
    );
  });

  it("builds on the first run, then reuses the bundle and its code cache", () => {
    expect(launch(entry)).toEqual({ status: 0, stdout: "one beside lib 2", stderr: "" });
    expect(fs.readdirSync(path.dirname(bundle)).filter((f) => f.endsWith(".cache"))).toHaveLength(1);
    const built = fs.statSync(bundle).mtimeMs;
    expect(launch(entry).stdout).toBe("one beside lib 2");
    expect(fs.statSync(bundle).mtimeMs).toBe(built);
  });

  it("keeps the four most recent code caches, one per set of node options", () => {
    // given: only five caches of other flag sets, written one second apart, the newest last
    const dir = path.dirname(bundle);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".cache"))) fs.rmSync(path.join(dir, f));
    const old = ["a", "b", "c", "d", "e"].map((k, i) => {
      const f = path.join(dir, `bundle-${k}.cache`);
      fs.writeFileSync(f, "stale");
      const at = new Date(Date.now() - (10 - i) * 1000);
      fs.utimesSync(f, at, at);
      return path.basename(f);
    });
    // when: a run under flags that have no cache yet
    const r = spawnSync(process.execPath, ["--max-old-space-size=999", LAUNCH, entry], { cwd: proj, encoding: "utf8" });
    // then: its new cache and the three newest of the others are left
    expect(r.stdout.trim()).toBe("one beside lib 2");
    const left = fs.readdirSync(dir).filter((f) => f.endsWith(".cache"));
    expect(left).toHaveLength(4);
    expect(left).toEqual(expect.arrayContaining(old.slice(2)));
  });

  it("never runs a stale bundle: an edited source is rebuilt before it runs", () => {
    fs.writeFileSync(msg, fs.readFileSync(msg, "utf8").replace('"one"', '"two"'));
    expect(launch(entry).stdout).toBe("two beside lib 2");
  });

  it("sees an edit that kept the size and set the mtime back", () => {
    const before = fs.statSync(msg);
    fs.writeFileSync(msg, fs.readFileSync(msg, "utf8").replace('"two"', '"six"'));
    fs.utimesSync(msg, before.atime, before.mtime);
    expect(fs.statSync(msg).size).toBe(before.size);
    expect(launch(entry).stdout).toBe("six beside lib 2");
  });

  it("does not rebuild for a touch that changed no content", () => {
    const built = fs.statSync(bundle).mtimeMs;
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(msg, later, later);
    expect(launch(entry).stdout).toBe("six beside lib 2");
    expect(fs.statSync(bundle).mtimeMs).toBe(built);
  });

  it("rebuilds when a file the bundle was built from disappears, and reports the build error", () => {
    fs.rmSync(msg);
    const r = launch(entry);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain('Could not resolve "./lib/msg"');
  });

  it("reads an ASCII bundle as latin1 and keeps non-ASCII text intact in one that is not", () => {
    // given: an entry whose regular expression literal esbuild leaves non-ASCII, then one without
    const proj3 = path.join(tmp, "non-ascii");
    fs.mkdirSync(proj3, { recursive: true });
    fs.writeFileSync(path.join(proj3, "package.json"), "{}\n");
    const entry3 = path.join(proj3, "entry.ts");
    const stamp = path.join(proj3, ".cache", "launch", "entry_ts", "stamp.json");
    const encoding = () => (JSON.parse(fs.readFileSync(stamp, "utf8")) as { encoding: string }).encoding;
    fs.writeFileSync(entry3, 'console.log(/^µs$/.test("\\u00b5s"), "— ✓".length);\n');
    // when / then
    expect(launch(entry3)).toEqual({ status: 0, stdout: "true 3", stderr: "" });
    expect(encoding()).toBe("utf8");
    fs.writeFileSync(entry3, 'console.log(/^\\u00b5s$/.test("µs"), "— ✓".length);\n');
    expect(launch(entry3)).toEqual({ status: 0, stdout: "true 3", stderr: "" });
    expect(encoding()).toBe("latin1");
  });

  it("runs cdktf.json's app command as the cdktf CLI does, with output byte-identical to an in-process synth", () => {
    const viaLauncher = path.join(tmp, "launched");
    const { app } = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string };
    expect(app).toBe("node app/launch.js main.ts");
    const r = spawnSync(app, {
      cwd: ROOT,
      shell: true,
      env: { ...process.env, CDKTF_OUTDIR: viaLauncher },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const inProcess = path.join(tmp, "in-process");
    synthesize({ outdir: inProcess });
    const a = tree(viaLauncher);
    expect(Object.keys(a).length).toBeGreaterThan(5);
    expect(a).toEqual(tree(inProcess));
  });

  it("leaves cdktf's archiver out of the bundle: no zlib at start, and a clear error if an archive is ever zipped", () => {
    // given: a project using cdktf, which requires archiver when it loads
    const proj2 = path.join(tmp, "cdktf-proj");
    fs.mkdirSync(proj2, { recursive: true });
    fs.writeFileSync(path.join(proj2, "package.json"), "{}\n");
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(proj2, "node_modules"));
    const entry2 = path.join(proj2, "entry.ts");
    fs.writeFileSync(
      entry2,
      [
        'import { App } from "cdktf";',
        'const archiver = require("archiver") as (format: string) => void;',
        'console.log(typeof App, process.moduleLoadList.includes("NativeModule zlib"));',
        "try {",
        '  archiver("zip");',
        "} catch (e) {",
        "  console.log((e as Error).message);",
        "}",
        "",
      ].join("\n"),
    );
    // when
    const r = launch(entry2);
    // then
    expect(r).toEqual({
      status: 0,
      stdout: "function false\napp/launch.js: cdktf archive assets are not supported in a bundled app",
      stderr: "",
    });
  });
});
