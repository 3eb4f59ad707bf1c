#!/usr/bin/env bash
# Smoke test of the built images without a container runtime (none here): each image's layers are unpacked into a
# temporary root, /proc is mounted as a runtime would, and its entrypoint runs chrooted as user 10001 with the image's
# environment until Spring logs "Starting <Application>". It would then stop on the absent database, which is
# expected: what this proves is that the runtime, its libraries and the classpath are all inside the image and work
# for a non-root user. Needs root (chroot, mount); skipped otherwise.
#   bash infra/images/smoke.sh [service ...]     (default: all six, the console included)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then echo "smoke test skipped: needs root for chroot and mount"; exit 0; fi
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(gateway identity-service settlement-service enrollment-service monitoring-service console)

root=""
cleanup() { if [ -n "$root" ]; then umount "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$root" "$root.log"; fi; }
trap cleanup EXIT
for m in "${modules[@]}"; do
  image="$m/target/jib-image.tar"
  root=$(mktemp -d)
  tar -xf "$image" -C "$root" manifest.json
  config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$root/manifest.json")
  for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$root/manifest.json"); do
    tar -xf "$image" -O "$layer" | tar -xz --warning=no-unknown-keyword -C "$root"
  done
  cfg=$(tar -xf "$image" -O "$config")
  entry=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])["config"]["Entrypoint"]))' "$cfg")
  envs=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])["config"]["Env"]))' "$cfg")
  user=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["config"]["User"])' "$cfg")
  mkdir -p "$root/proc"; mount -t proc proc "$root/proc"
  # shellcheck disable=SC2086 # entrypoint and environment are word lists on purpose
  env -i $envs /usr/sbin/chroot --userspec="$user" "$root" $entry >"$root.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    grep -q "Starting .*Application" "$root.log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  umount "$root/proc"
  if grep -q "Starting .*Application" "$root.log"; then
    echo "smoke $m (user $user): $(grep -o 'Starting [A-Za-z]*Application[^(]*using Java [0-9.]*' "$root.log" | head -1)"
  else
    echo "smoke $m FAILED:"; tail -20 "$root.log"; exit 1
  fi
  rm -rf --one-file-system "$root" "$root.log"; root=""
done
