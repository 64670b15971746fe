#!/usr/bin/env node
/*
 * Fast start for a TypeScript entry point: `node app/launch.js <entry.ts> [args...]`.
 *
 * Runs a prebuilt esbuild bundle of the entry and everything it imports (node_modules included),
 * compiled through a V8 code cache, so no TypeScript loader, no npx and almost no module
 * resolution sit in the hot path. Node 20 has no module.enableCompileCache (22.1+), hence
 * vm.Script's cachedData.
 *
 * A stale bundle never runs. Every file esbuild read is recorded with its stat (mtime, ctime,
 * size, inode) and content hash. Each start stats them all: an unchanged stat means an unchanged
 * file (ctime cannot be set back, the reason git's index relies on it too); a changed stat is
 * settled by the content hash, and a changed hash, a missing file, another Node version or
 * another launcher means a rebuild before anything runs.
 *
 * The bundle, its code cache and the stamp live in <project>/.cache/launch/ (git-ignored). A fresh
 * clone builds them on its first run.
 *
 * The bundle is pure ASCII when it can be (esbuild's ascii charset, no comments): V8 then holds it
 * as a one-byte string read as latin1, where one non-Latin-1 character anywhere (a dash in a
 * comment) makes the whole 4 MB source a two-byte string and its read several times slower.
 */
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

// crypto costs a few milliseconds to load; only a build or a changed stat needs a content hash.
const sha1 = (data) => require("crypto").createHash("sha1").update(data).digest("hex");

/** 32-bit FNV-1a of a string, in hex: enough to tell launcher versions and flag sets apart. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The nearest directory at or above `dir` holding a package.json. */
function projectRoot(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

function statOf(file) {
  const s = fs.statSync(file);
  return { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, size: s.size, ino: s.ino };
}

const sameStat = (a, b) => a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size && a.ino === b.ino;

/**
 * Whether the stamped bundle still matches every input. Inputs whose stat changed but whose
 * content did not (a touch, a fresh checkout of the same files) are re-stamped in place.
 */
function isFresh(root, stampFile, key) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {
    return undefined;
  }
  if (stamp.key !== key) return undefined;
  let restamp = false;
  for (const input of stamp.inputs) {
    const file = path.join(root, input.file);
    let now;
    try {
      now = statOf(file);
    } catch {
      return undefined;
    }
    if (sameStat(now, input)) continue;
    if (now.size !== input.size || sha1(fs.readFileSync(file)) !== input.sha1) return undefined;
    Object.assign(input, now);
    restamp = true;
  }
  if (restamp) writeAtomic(stampFile, JSON.stringify(stamp));
  return stamp;
}

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * A module's __dirname and __filename are its own source location, not the bundle's: the app
 * reads files beside its sources (config/default.yaml, charts-values/). Each project file gets
 * its own names for them, computed from the project root at run time.
 */
function sourceLocationPlugin(root) {
  return {
    name: "source-location",
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        if (args.path.split(path.sep).includes("node_modules")) return undefined;
        let contents = fs.readFileSync(args.path, "utf8");
        const rel = path.relative(root, args.path).split(path.sep).join("/");
        const id = sha1(rel).slice(0, 8);
        const prelude = [];
        for (const [name, value] of [
          ["__dirname", path.posix.dirname(rel)],
          ["__filename", rel],
        ]) {
          const re = new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, "g");
          if (!re.test(contents)) continue;
          contents = contents.replace(re, `${name}_${id}`);
          prelude.push(`var ${name}_${id} = require("path").join(__launchRoot, ${JSON.stringify(value)});`);
        }
        if (!prelude.length) return undefined;
        return { contents: prelude.join(" ") + contents, loader: /ts$/.test(args.path) ? "ts" : "js" };
      });
    },
  };
}

/**
 * cdktf loads archiver (and through it zlib and a dozen stream packages, a tenth of the start-up)
 * for one use: zipping an archive asset, which cdktf/lib/private/fs.js does by running its own
 * file as a script (`node ${__filename} src dest`). Inside a bundle that file is the bundle, so an
 * archive asset cannot work under this launcher anyway; the bundle gets a stand-in that says so
 * if it is ever called, instead of the packages.
 */
function withoutArchiverPlugin() {
  return {
    name: "without-archiver",
    setup(build) {
      build.onResolve({ filter: /^archiver$/ }, (args) => ({ path: args.path, namespace: "without-archiver" }));
      build.onLoad({ filter: /.*/, namespace: "without-archiver" }, () => ({
        contents:
          'module.exports = () => { throw new Error("app/launch.js: cdktf archive assets are not supported in a bundled app"); };',
        loader: "js",
      }));
    },
  };
}

async function build(root, entry, dir, key) {
  const esbuild = require(require.resolve("esbuild", { paths: [root, __dirname] }));
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    outfile: path.join(dir, "bundle.js"),
    write: false,
    metafile: true,
    logLevel: "error",
    charset: "ascii",
    minifyWhitespace: true,
    banner: {
      js: `var __launchRoot = require("path").resolve(__dirname, ${JSON.stringify(path.relative(dir, root).split(path.sep).join("/"))});`,
    },
    plugins: [sourceLocationPlugin(root), withoutArchiverPlugin()],
  });
  // The first line names the build, so a run can tell the bundle is the one its stamp vouches for.
  const digest = sha1(result.outputFiles[0].text);
  const code = `// launch ${digest}\n${result.outputFiles[0].text}`;
  // esbuild leaves a non-ASCII character in a regular expression literal as it is.
  const encoding = /[\u0080-\uffff]/.test(code) ? "utf8" : "latin1";
  const inputs = Object.keys(result.metafile.inputs)
    .map((f) => path.resolve(root, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => ({ file: path.relative(root, f), ...statOf(f), sha1: sha1(fs.readFileSync(f)) }));
  fs.mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, "bundle.js"), code);
  for (const f of fs.readdirSync(dir)) if (f.endsWith(".cache")) fs.rmSync(path.join(dir, f), { force: true });
  writeAtomic(path.join(dir, "stamp.json"), JSON.stringify({ key, digest, encoding, inputs }));
  return { digest, encoding };
}

/** Caches kept per bundle: one per set of node options, the most recently written. */
const KEEP_CACHES = 4;

/** Removes all but the KEEP_CACHES newest code caches in `dir` (each flag set run adds one). */
function pruneCaches(dir) {
  const caches = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cache"))
    .map((f) => ({ f, at: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at || (a.f < b.f ? -1 : 1));
  for (const { f } of caches.slice(KEEP_CACHES)) fs.rmSync(path.join(dir, f), { force: true });
}

/** Runs the bundle as a CommonJS main module, through the code cache when V8 accepts it. */
function run(dir, entry, { digest, encoding }) {
  const file = path.join(dir, "bundle.js");
  // V8 rejects a code cache made under other flags: one cache per set of node options.
  const flags = fnv1a([...process.execArgv, process.env.NODE_OPTIONS ?? ""].join("\0"));
  const cacheFile = path.join(dir, `bundle-${flags}.cache`);
  const code = fs.readFileSync(file, encoding);
  // The stamp and the bundle are replaced separately; never run a bundle the stamp didn't vouch for.
  if (!code.startsWith(`// launch ${digest}\n`)) return false;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(code), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // After the run, so the cache also holds the functions compiled lazily while running.
    process.once("exit", () => {
      try {
        writeAtomic(cacheFile, script.createCachedData());
        pruneCaches(dir);
      } catch {
        /* a cache that can't be written only costs speed */
      }
    });
  }
  // The bundle's own module object; its require() only ever loads Node's built-in modules.
  const mod = new Module(entry, null);
  mod.filename = entry;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dir);
  return true;
}

async function main() {
  const [, launcher, target, ...args] = process.argv;
  if (!target) {
    console.error("usage: node app/launch.js <entry.ts> [args...]");
    process.exit(2);
  }
  const entry = path.resolve(target);
  const root = projectRoot(path.dirname(entry));
  const dir = path.join(root, ".cache", "launch", path.relative(root, entry).replace(/[\\/.]+/g, "_"));
  const key = fnv1a([process.version, fs.readFileSync(launcher, "utf8")].join("\0"));
  process.argv = [process.argv[0], entry, ...args];
  for (let attempt = 0; attempt < 2; attempt++) {
    const stamp = isFresh(root, path.join(dir, "stamp.json"), key) ?? (await build(root, entry, dir, key));
    if (run(dir, entry, stamp)) return;
  }
  throw new Error(`${dir}: the bundle keeps changing under this launcher (another build running?)`);
}

main().catch((e) => {
  console.error(e instanceof Error && e.errors ? e.message : e);
  process.exitCode = 1;
});
