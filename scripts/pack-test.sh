#!/usr/bin/env bash
# Packs the library, installs the tarball with its peers into a fresh project, and synthesizes
# a stack there from the package's public exports, in TypeScript (type-checked) and JavaScript.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -1)
echo "packed $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"
peer() { node -p "require('$root/node_modules/$1/package.json').version"; }

cd "$work"
cat > package.json <<JSON
{ "name": "consumer", "version": "1.0.0", "private": true }
JSON
npm install --no-audit --no-fund --prefer-offline --silent "./$tarball" \
  "cdktf@$(peer cdktf)" "constructs@$(peer constructs)" "@cdktf/provider-kubernetes@$(peer @cdktf/provider-kubernetes)"
cp "$root/scripts/pack-consumer.ts" consumer.ts
node "$root/node_modules/typescript/bin/tsc" --noEmit --strict --esModuleInterop --skipLibCheck --types node --typeRoots "$root/node_modules/@types" consumer.ts
"$root/node_modules/.bin/esbuild" consumer.ts --format=cjs --platform=node --log-level=warning --outfile=consumer.js
node consumer.js "$work/out"
if [ -f "$root/../shared/reference/validate-consul-manifests.mjs" ]; then
  node "$root/../shared/reference/validate-consul-manifests.mjs" --modules "$root" "$work"/out/stacks/*/cdk.tf.json
else
  echo "skipped: validating the consumer's output needs the consul-k8s 2.0.3 CRD schemas and validator (../shared/reference), which are not beside this checkout"
fi
