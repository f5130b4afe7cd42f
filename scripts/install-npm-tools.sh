#!/usr/bin/env bash
# Installs the pinned npm tools the tests and QA scripts use into one cache folder (default: .cache/npm-tools in the
# repository, git-ignored; CONTESTLET_NPM_TOOLS overrides it), and does nothing when they are already there:
#   - @stoplight/prism-cli 5.16.0   validating mock of Twilio's REST API (the SMS contract test)
#   - twilio 6.2.0                  getExpectedTwilioSignature, for scripts/text-the-app.sh
#   - Twilio's OpenAPI description of API v2010, from @twilio-alpha/mcp 0.7.0 (npm pack), as twilio_api_v2010.json
# Prints the cache folder. Needs node and npm (Debian: apt-get install nodejs npm).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOOLS=${CONTESTLET_NPM_TOOLS:-$(pwd)/.cache/npm-tools}
PRISM_VERSION=5.16.0
TWILIO_VERSION=6.2.0
MCP_VERSION=0.7.0
SPEC_IN_PACKAGE=package/twilio-oai/spec/json/twilio_api_v2010.json

mkdir -p "$TOOLS"
installed_version() { # package name → its installed version, or nothing
  local manifest="$TOOLS/node_modules/$1/package.json"
  if [[ -f "$manifest" ]]; then node -p "require(process.argv[1]).version" "$manifest" 2>/dev/null || true; fi
}

if [[ $(installed_version @stoplight/prism-cli) != "$PRISM_VERSION" || $(installed_version twilio) != "$TWILIO_VERSION" ]]; then
  echo "install-npm-tools: installing @stoplight/prism-cli@$PRISM_VERSION and twilio@$TWILIO_VERSION into $TOOLS" >&2
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error --save-exact \
    "@stoplight/prism-cli@$PRISM_VERSION" "twilio@$TWILIO_VERSION" >&2
fi

spec="$TOOLS/twilio_api_v2010.json"
stamp="$TOOLS/twilio_api_v2010.version"
if [[ ! -s "$spec" || "$(cat "$stamp" 2>/dev/null)" != "$MCP_VERSION" ]]; then
  echo "install-npm-tools: unpacking Twilio's API description from @twilio-alpha/mcp@$MCP_VERSION" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "@twilio-alpha/mcp@$MCP_VERSION" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" "$SPEC_IN_PACKAGE"
  mv "$work/$SPEC_IN_PACKAGE" "$spec"
  echo "$MCP_VERSION" >"$stamp"
fi

echo "$TOOLS"
