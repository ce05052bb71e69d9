#!/usr/bin/env bash
# Install the pinned CDK and synthesize the app into cdk.out/ (committed: hardstack's
# tests scan it). Offline once node_modules is installed: the stack's account and region
# are explicit, so no credentials and no context lookups are needed.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
rm -rf cdk.out
# Keep aws:cdk:path metadata (hardstack reports construct paths); no CDKMetadata resource.
npx cdk synth --no-version-reporting --path-metadata true --asset-metadata true \
  --no-notices --quiet --output cdk.out
rm -rf cdk.out/.cache cdk.out/synth.lock cdk.out/read.*.lock
ls cdk.out
