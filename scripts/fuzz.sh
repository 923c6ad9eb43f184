#!/usr/bin/env bash
# Runs every Go fuzz target (func FuzzXxx in a _test.go file) for FUZZTIME
# each (default 10s). go test -fuzz takes one target per run, so this loops.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FUZZTIME=${FUZZTIME:-10s}
found=0
while IFS= read -r file; do
	dir=./$(dirname "$file")
	while IFS= read -r name; do
		found=1
		echo "fuzz: $dir $name for $FUZZTIME"
		go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "$dir"
	done < <(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\(.*/\1/p' "$file")
done < <(git ls-files '*_test.go')
if ((found == 0)); then
	echo "fuzz: no fuzz targets"
fi
