#!/usr/bin/env bash
# The package as a user gets it: npm pack, install the tarball into an empty project OFFLINE with
# the README's consumer install line (npm --offline, inside a network namespace with no network
# at all where the system allows one, so nothing can be fetched: not by npm, not by an install
# script), compile every
# ```ts block of README.md and docs/*.md plus a small user program under `tsc --strict`, and run
# them. A snippet that stops working fails the build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/keel-package-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "== npm pack"
(cd "$ROOT" && npm pack --pack-destination "$WORK" --json 2>/dev/null) >"$WORK/pack.json"
node -e '
const [p] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(`${p.filename}: ${(p.size / 1e6).toFixed(2)} MB packed, ${(p.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${p.entryCount} files`);
const bad = p.files.map((f) => f.path).filter((f) => /(^|\/)(test|bench|\.ci|src)\/|\.test\.|\.map$/.test(f));
if (bad.length) { console.error(`files a user does not need are packed: ${bad.slice(0, 10).join(", ")}`); process.exit(1); }
' "$WORK/pack.json"
TARBALL="$(ls "$WORK"/keel-*.tgz)"

echo "== prime the npm cache (online: the package metadata and tarballs the install resolves; no scripts run, nothing kept)"
# The repository's own npm ci cached the dependency tarballs but not the registry metadata npm
# needs to resolve the tarball's version ranges; this throwaway resolution caches it.
mkdir -p "$WORK/prime"
(cd "$WORK/prime" && printf '{ "name": "keel-prime", "private": true }\n' >package.json \
  && npm install --prefer-offline --ignore-scripts --no-audit --no-fund "$TARBALL" >prime.log 2>&1) || { cat "$WORK/prime/prime.log"; exit 1; }
rm -rf "$WORK/prime"

echo "== install into an empty project offline (the README's consumer line)"
mkdir -p "$WORK/app"
cd "$WORK/app"
printf '{ "name": "keel-user", "private": true, "type": "module" }\n' >package.json
# No network: a new network namespace (only loopback, down) when unprivileged namespaces are
# allowed; npm --offline refuses anything not in the cache either way.
NONET=()
if unshare -rn true 2>/dev/null; then NONET=(unshare -rn); echo "(in a network namespace without network)"; else echo "(unshare -rn not permitted here: npm --offline alone)"; fi
ONNXRUNTIME_NODE_INSTALL=skip "${NONET[@]}" npm install --offline --no-audit --no-fund "$TARBALL" >install.log 2>&1 || { cat install.log; echo "the offline install failed: something it needs was not in the npm cache"; exit 1; }
grep -q '^added [0-9]* packages' install.log || { cat install.log; exit 1; }
if [ -e node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so ]; then
  echo "onnxruntime-node downloaded its CUDA provider although the install line says not to"; exit 1
fi
npx --no-install keel --help >/dev/null

echo "== compile the README/docs snippets and the user program under tsc --strict"
node "$ROOT/test/package/extract-snippets.mjs" "$ROOT" snippets
cp "$ROOT/test/package/consumer/user-program.ts" "$ROOT/test/fixtures/data/iris.csv" .
# adult.csv for the README's data-boundary snippet: the bundled Adult rows with the UCI column names as a header.
{ echo "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income"
  gzip -dc "$ROOT/test/fixtures/data/adult-train-6000.csv.gz" | head -n 300 || true; } >adult.csv
cat >tsconfig.json <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true,
    "skipLibCheck": false, "types": ["node"], "typeRoots": ["$ROOT/node_modules/@types"],
    "outDir": "build", "rootDir": "."
  },
  "include": ["snippets/*.ts", "user-program.ts"]
}
JSON
node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json

echo "== run the snippets in document order"
for f in build/snippets/*.js; do
  echo "-- $(basename "$f" .js)"
  node "$f"
done

echo "== run the user program"
node build/user-program.js
