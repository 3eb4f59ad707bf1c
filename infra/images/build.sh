#!/usr/bin/env bash
# Builds the suite's OCI images without a Docker daemon or a registry (issue 13):
#   1. a base image assembled here (build-base.sh): a jlink'd Java 17 runtime from this machine's JDK plus the
#      shared libraries it loads, copied from their Debian packages, a non-root user and nothing else;
#   2. one image per service, made by Jib's buildTar (Maven profile `images`) on top of that base as a tarball.
# Output: <service>/target/jib-image.tar (docker-archive, tag onestop/<service>:<version>), loadable with
# `docker load -i`, `ctr images import`, `skopeo copy docker-archive:...` or `crane push` into the cluster's registry.
# Usage: bash infra/images/build.sh            (builds the jars too)
#        SKIP_BUILD=1 bash infra/images/build.sh (jars already built by `./mvnw verify`: repackage them only)
set -euo pipefail
cd "$(dirname "$0")/../.."

start=$(date +%s)
bash infra/images/build-base.sh
modules=identity-service,settlement-service,enrollment-service,monitoring-service,gateway
if [ "${SKIP_BUILD:-}" = 1 ]; then
  # jar + Jib only, on classes verify already compiled
  ./mvnw -B -ntp -q -Dimages -pl "$modules" -am package -DskipTests
else
  ./mvnw -B -ntp -q -Dimages -pl "$modules" -am package -DskipTests
fi
for m in ${modules//,/ }; do
  ls -l "$m/target/jib-image.tar"
done
echo "images built in $(( $(date +%s) - start )) s"
