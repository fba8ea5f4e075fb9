#!/usr/bin/env bash
# The package as a user gets it: npm pack, install the tarball into an empty project with the
# README's consumer install line (from the npm cache where it can: --prefer-offline; the package
# metadata npm needs to resolve version ranges may come from the registry), compile every
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

echo "== install into an empty project (the README's consumer line)"
mkdir -p "$WORK/app"
cd "$WORK/app"
printf '{ "name": "keel-user", "private": true, "type": "module" }\n' >package.json
ONNXRUNTIME_NODE_INSTALL=skip npm install --prefer-offline --no-audit --no-fund "$TARBALL" >install.log 2>&1 || { cat install.log; exit 1; }
if [ -e node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so ]; then
  echo "onnxruntime-node downloaded its CUDA provider although the install line says not to"; exit 1
fi
npx --no-install keel --help >/dev/null

echo "== compile the README/docs snippets and the user program under tsc --strict"
node "$ROOT/test/package/extract-snippets.mjs" "$ROOT" snippets
cp "$ROOT/test/package/consumer/user-program.ts" "$ROOT/test/fixtures/data/iris.csv" .
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
