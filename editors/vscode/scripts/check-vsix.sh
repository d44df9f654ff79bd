#!/usr/bin/env bash
# Lists what the packaged .vsix holds and checks it: the files the extension
# needs are there, and nothing from node_modules, src or tests (.vscodeignore).
# Usage: scripts/check-vsix.sh [FILE.vsix]   (default: the newest abide-*.vsix)
set -euo pipefail
cd "$(dirname "$0")/.."

vsix="${1:-}"
if [ -z "$vsix" ]; then
    vsix=$(ls -t abide-*.vsix 2>/dev/null | head -n 1 || true)
fi
if [ -z "$vsix" ] || [ ! -f "$vsix" ]; then
    echo "check-vsix: no .vsix found (run npm run package first)" >&2
    exit 1
fi

if command -v unzip >/dev/null; then
    listing=$(unzip -Z1 "$vsix")
else
    listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$vsix")
fi

status=0
for f in extension/package.json \
         extension/out/extension.js \
         extension/syntaxes/abide.tmLanguage.json \
         extension/language-configuration.json \
         extension/snippets/abide.json \
         extension/README.md; do
    # vsce stores the README as extension/readme.md: compare without case.
    if ! grep -qxiF "$f" <<<"$listing"; then
        echo "check-vsix: $vsix lacks $f" >&2
        status=1
    fi
done

forbidden=$(grep -E '^extension/(node_modules|src|tests|scripts|out-test|\.vscode)/|\.ts$|\.map$|\.vsix$|^extension/(tsconfig\.json|package-lock\.json)$' <<<"$listing" || true)
if [ -n "$forbidden" ]; then
    echo "check-vsix: $vsix must not contain:" >&2
    sed 's/^/  /' <<<"$forbidden" >&2
    status=1
fi

echo "$vsix:"
grep '^extension/' <<<"$listing" | sed 's/^/  /'
if [ "$status" -eq 0 ]; then
    echo "check-vsix: ok"
fi
exit "$status"
