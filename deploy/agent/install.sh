#!/usr/bin/env bash
# Installs the metering agent as a systemd service (run as root).
# Usage: install.sh [--runtime DIR | --jar JAR] [--server URL --token T]
#   --runtime DIR  a jlink image from build-runtime.sh (preferred: no system Java needed)
#   --jar JAR      the shaded jar, run with the system java (default metering-agent/target/metering-agent.jar)
#   --server/--token  enroll the device right away (as the service user)
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$repo/metering-agent/target/metering-agent.jar"
runtime=""
server=""
token=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runtime) runtime="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --server) server="$2"; shift 2 ;;
    --token) token="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $EUID -ne 0 ]]; then echo "install.sh: run as root" >&2; exit 2; fi
if [[ -n "$server" && -z "$token" ]] || [[ -z "$server" && -n "$token" ]]; then
  echo "install.sh: --server and --token go together" >&2; exit 2
fi

prefix=/opt/metering-agent
state=/var/lib/metering-agent

id -u metering-agent >/dev/null 2>&1 || \
  useradd --system --no-create-home --home-dir "$state" --shell /usr/sbin/nologin metering-agent

rm -rf "$prefix.new"
if [[ -n "$runtime" ]]; then
  cp -a "$runtime" "$prefix.new"
else
  command -v java >/dev/null || { echo "install.sh: no java on PATH; use --runtime" >&2; exit 2; }
  mkdir -p "$prefix.new/bin" "$prefix.new/lib/app"
  cp "$jar" "$prefix.new/lib/app/metering-agent.jar"
  cat > "$prefix.new/bin/metering-agent" <<'LAUNCHER'
#!/bin/sh
cds=""
[ -f /opt/metering-agent/lib/app/metering-agent.jsa ] && cds="-XX:SharedArchiveFile=/opt/metering-agent/lib/app/metering-agent.jsa"
# shellcheck disable=SC2086
exec java $JAVA_OPTS $cds -jar /opt/metering-agent/lib/app/metering-agent.jar "$@"
LAUNCHER
  chmod 755 "$prefix.new/bin/metering-agent"
fi
rm -rf "$prefix.old"; [[ -d "$prefix" ]] && mv "$prefix" "$prefix.old"
mv "$prefix.new" "$prefix"
if [[ -z "$runtime" ]]; then
  # AppCDS archive for the system java (ADR 0302); bound to the jar at its final path
  java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:cds=error \
    -XX:ArchiveClassesAtExit="$prefix/lib/app/metering-agent.jsa" -jar "$prefix/lib/app/metering-agent.jar" \
    train --seconds 8 >/dev/null 2>&1 || echo "install.sh: no AppCDS archive (the agent runs without it)" >&2
fi
chown -R root:root "$prefix"

install -d -m 700 -o metering-agent -g metering-agent "$state"
install -m 644 "$(dirname "$0")/metering-agent.service" /etc/systemd/system/metering-agent.service
systemctl daemon-reload

if [[ -n "$server" ]]; then
  runuser -u metering-agent -- "$prefix/bin/metering-agent" enroll --server "$server" --token "$token" \
    --data-dir "$state"
fi
systemctl enable --now metering-agent.service
echo "metering-agent installed; status: $prefix/bin/metering-agent status --data-dir $state"
