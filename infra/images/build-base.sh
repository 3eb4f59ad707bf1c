#!/usr/bin/env bash
# The base image of every OneStop service, assembled without a daemon or a registry (none is reachable here):
#   - /opt/java: a jlink'd runtime of this machine's Debian openjdk-17 (only the modules Spring Boot needs);
#   - the shared libraries that runtime loads headless (libc6, zlib1g, libgcc-s1, libstdc++6, ...), copied from
#     the files of their installed Debian packages (dpkg -L), so the image carries Debian's builds, not guesses;
#   - /etc/passwd and /etc/group with user onestop (10001), /tmp (the manifests mount an emptyDir there, the root
#     file system is read-only), the Debian CA certificates (a TLS connection to Kafka or PostgreSQL may need them).
# Output: infra/images/target/base.tar, a docker-archive Jib reads as `tar://` (root pom, profile `images`).
# Rebuilt only when missing or when this script changed.
set -euo pipefail
cd "$(dirname "$0")"
out=target/base.tar
if [ -f "$out" ] && [ "$out" -nt build-base.sh ]; then
  echo "base image up to date: $out"; exit 0
fi
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -d "$JAVA_HOME/jmods" ] || { echo "no jmods in $JAVA_HOME: install openjdk-17-jdk-headless" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed to write the image metadata" >&2; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{opt,etc,tmp,home/onestop,app,usr/lib,usr/lib64,proc,sys,dev}
# Debian bookworm is usrmerged: /lib and /lib64 are links into /usr, as in the packages' own layout.
ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
chmod 1777 "$root/tmp"

# java.desktop because Spring uses java.beans; jdk.crypto.* for TLS and SCRAM; jdk.management for the JVM metrics.
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,\
java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,\
jdk.crypto.ec,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.unsupported,jdk.zipfs,\
jdk.localedata,jdk.charsets \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"

# Libraries the headless runtime loads (the X11/sound/font ones are never loaded with java.awt.headless).
libs=$(for f in "$root"/opt/java/bin/java "$root"/opt/java/lib/server/libjvm.so "$root"/opt/java/lib/*.so; do
         case "$(basename "$f")" in libawt_xawt.so|libjawt.so|libsplashscreen.so|libjsound.so|libfontmanager.so|liblcms.so|libjavajpeg.so|libmlib_image.so) continue;; esac
         ldd "$f" | awk '/=> \//{print $3} /^\s*\/lib/{print $1}'
       done | grep -v "^$root" | sort -u)
pkgs=$(for l in $libs /lib64/ld-linux-x86-64.so.2; do dpkg -S "$(readlink -f "$l")" 2>/dev/null || dpkg -S "$l"; done \
       | cut -d: -f1 | sort -u)
pkgs="$pkgs ca-certificates"
for p in $pkgs; do
  dpkg -L "$p" | while read -r f; do
    case "$f" in /usr/share/doc*|/usr/share/man*|/usr/share/lintian*|/usr/share/locale*|/usr/share/info*) continue;; esac
    [ -d "$f" ] && continue
    if [ -f "$f" ] || [ -L "$f" ]; then mkdir -p "$root$(dirname "$f")"; cp -a "$f" "$root$f"; fi
  done
done
mkdir -p "$root/etc/ssl/certs"
cp -aL /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/" 2>/dev/null || true
printf 'root:x:0:0:root:/root:/sbin/nologin\nonestop:x:10001:10001:onestop:/home/onestop:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nonestop:x:10001:\n' > "$root/etc/group"
chown -R 10001:10001 "$root/home/onestop" 2>/dev/null || true
echo "$pkgs" | tr ' ' '\n' | sort -u > "$root/etc/onestop-base-packages"
dpkg-query -W -f '${Package} ${Version}\n' $pkgs openjdk-17-jdk-headless 2>/dev/null >> "$root/etc/onestop-base-packages" || true

# Smoke test: the runtime starts with only the image's files, as user 10001 (chroot needs root; skipped otherwise).
# /proc is mounted as a container runtime would (the launcher finds libjli through it, the JVM its cgroup limits).
if [ "$(id -u)" = 0 ] && mount -t proc proc "$root/proc" 2>/dev/null; then
  version=$(chroot --userspec=10001:10001 "$root" /opt/java/bin/java -XX:MaxRAMPercentage=70 -version 2>&1 | head -1) || true
  umount "$root/proc"
  case "$version" in *openjdk*) echo "base smoke test: $version";; *) echo "base smoke test FAILED: $version" >&2; exit 1;; esac
fi

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
mkdir -p target
python3 - "$work" "$out" <<'PY'
import hashlib, json, sys, tarfile, os
work, out = sys.argv[1], sys.argv[2]
layer = os.path.join(work, "layer.tar")
h = hashlib.sha256()
with open(layer, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
config = {
    "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
    "config": {
        "User": "10001:10001",
        "Env": ["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"
],
        "WorkingDir": "/app",
        "Labels": {"org.opencontainers.image.title": "onestop-base",
                   "org.opencontainers.image.description": "jlink'd Debian openjdk-17 runtime, non-root (10001)"},
    },
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + h.hexdigest()]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "infra/images/build-base.sh"}],
}
cfg = json.dumps(config, sort_keys=True).encode()
cfg_name = hashlib.sha256(cfg).hexdigest() + ".json"
manifest = [{"Config": cfg_name, "RepoTags": ["onestop/base:17"], "Layers": ["layer.tar"]}]
with open(os.path.join(work, cfg_name), "wb") as f:
    f.write(cfg)
with open(os.path.join(work, "manifest.json"), "w") as f:
    json.dump(manifest, f)
with tarfile.open(out, "w") as t:
    for name in ("manifest.json", cfg_name, "layer.tar"):
        t.add(os.path.join(work, name), arcname=name)
PY
ls -l "$out"
