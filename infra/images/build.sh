#!/usr/bin/env bash
# Builds the suite's OCI images without a Docker daemon or a registry (issue 13, docs/deploy.md):
#   1. the base (build-base.sh): a jlink'd Java 17 runtime from this machine's Debian JDK, the shared libraries it
#      loads copied from their Debian packages, user 10001, nothing else;
#   2. one image per service: `./mvnw -Dimages package` runs Jib's buildTar on top of the base tarball;
#   3. smoke.sh (as root only): each image started chrooted as 10001 until Spring logs that it is starting.
# Output: <service>/target/jib-image.tar (docker-archive, tag onestop/<service>:<version>): load it with
# `skopeo copy docker-archive:…`, `crane push` or `ctr images import`.
#   bash infra/images/build.sh           (SMOKE=0 to skip step 3)
set -euo pipefail
cd "$(dirname "$0")/../.."

start=$(date +%s)
bash infra/images/build-base.sh
modules=(gateway identity-service settlement-service enrollment-service monitoring-service console)
./mvnw -B -ntp -q -Dimages -pl "$(IFS=,; echo "${modules[*]}")" -am package -DskipTests
built=$(date +%s)
for m in "${modules[@]}"; do ls -l "$m/target/jib-image.tar"; done
echo "images built in $(( built - start )) s"

if [ "${SMOKE:-1}" = 1 ]; then
  bash infra/images/smoke.sh "${modules[@]}"
fi
echo "done in $(( $(date +%s) - start )) s"
