#!/bin/sh
# Waits for both services, creates the demo products (as ./deploy/local/run does) and writes an
# enrollment token for the simulated fleet to /fleet/enroll-token. Dev realm users only.
set -eu
kc=http://keycloak:8180/realms/metering/protocol/openid-connect/token
ingest=http://ingest-service:8081
billing=http://billing-service:8080

wait_ready() {
  i=0
  until curl -fs "$1/q/health/ready" > /dev/null; do
    i=$((i + 1)); [ "$i" -lt 120 ] || { echo "fleet-init: $1 not ready after 4 min" >&2; exit 1; }
    sleep 2
  done
}
token() {
  curl -fs -d grant_type=password -d client_id=metering-cli -d "username=$1" -d "password=$1" "$kc" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

wait_ready "$ingest"
wait_ready "$billing"
manager=$(token manager)
for p in "autocad AutoCAD Autodesk acad.exe" "photoshop Photoshop Adobe Photoshop.exe" \
         "matlab MATLAB MathWorks matlab" "solidworks SOLIDWORKS Dassault SLDWORKS.exe" \
         "visual-studio VisualStudio Microsoft devenv.exe" "office Microsoft365 Microsoft WINWORD.EXE" \
         "intellij IntelliJ JetBrains idea64.exe" "tableau Tableau Salesforce tableau.exe"; do
  set -- $p
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $manager" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$1\",\"name\":\"$2\",\"vendor\":\"$3\",\"rules\":[{\"executable\":\"$4\"}]}" "$billing/api/v1/products")
  case "$status" in 201|409) ;; *) echo "fleet-init: product $1 answered $status" >&2; exit 1 ;; esac
done
admin=$(token admin)
curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"uses\":${FLEET_DEVICES},\"ttlSeconds\":3600}" "$ingest/v1/enrollment-tokens" \
  | sed 's/.*"token":"\([^"]*\)".*/\1/' > /fleet/enroll-token
test -s /fleet/enroll-token
echo "fleet-init: products created, enrollment token for ${FLEET_DEVICES} devices written"
