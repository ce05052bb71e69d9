#!/usr/bin/env bash
# Seed both fuzz corpora from the shared corpus of real templates and the cases.
set -euo pipefail
cd "$(dirname "$0")"
for t in load scan; do
  mkdir -p "corpus/$t"
  find ../../shared/corpus/real ../../shared/cases -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) -size -64k \
    -exec sh -c 'cp "$1" "corpus/'"$t"'/$(sha1sum "$1" | cut -c1-16)"' _ {} \;
done
ls corpus/load | wc -l
