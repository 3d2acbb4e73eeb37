#!/usr/bin/env bash
# Builds a minimal Java runtime for the agent with jlink. The modules come from jdeps on the shaded jar.
# Usage: deploy/agent/build-runtime.sh [JAR] [OUTPUT_DIR]
#   JAR         default metering-agent/target/metering-agent.jar
#   OUTPUT_DIR  default metering-agent/target/runtime  (bin/metering-agent launcher inside)
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${1:-$repo/metering-agent/target/metering-agent.jar}"
out="${2:-$repo/metering-agent/target/runtime}"

if [[ ! -f "$jar" ]]; then
  echo "build-runtime: $jar not found; build it with: ./mvnw -B -f metering-agent/pom.xml package" >&2
  exit 2
fi
for tool in jdeps jlink; do
  command -v "$tool" >/dev/null || { echo "build-runtime: $tool not found (needs a full JDK 17+)" >&2; exit 2; }
done

modules="$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$jar")"
# Name-based lookups the static analysis cannot see: Ed25519 (jdk.crypto.ec on 17), DNS, zip filesystem.
modules="$modules,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs"
echo "build-runtime: modules $modules"

rm -rf "$out"
# --generate-cds-archive: the JDK's own class-data archive, the base the agent's archive extends.
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
      --generate-cds-archive --output "$out"
mkdir -p "$out/lib/app"
cp "$jar" "$out/lib/app/metering-agent.jar"
cat > "$out/bin/metering-agent" <<'LAUNCHER'
#!/bin/sh
here="$(cd "$(dirname "$0")/.." && pwd)"
cds=""
[ -f "$here/lib/app/metering-agent.jsa" ] && cds="-XX:SharedArchiveFile=$here/lib/app/metering-agent.jsa"
# shellcheck disable=SC2086
exec "$here/bin/java" $JAVA_OPTS $cds -jar "$here/lib/app/metering-agent.jar" "$@"
LAUNCHER
chmod 755 "$out/bin/metering-agent"
# AppCDS (ADR 0302): load the service path once and archive its classes. The archive is bound to this
# runtime and to the jar's path, size and time: copy the image with cp -a, rebuild it after any change.
"$out/bin/java" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:cds=error \
  -XX:ArchiveClassesAtExit="$out/lib/app/metering-agent.jsa" -jar "$out/lib/app/metering-agent.jar" train --seconds 8 \
  >/dev/null 2>&1 || echo "build-runtime: no AppCDS archive (the agent runs without it)" >&2
du -sh "$out"
