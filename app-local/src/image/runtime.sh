#!/usr/bin/env bash
# Lays out what the container image holds beside the application (Jib adds that): a Java runtime
# jlinked from the building JDK with the modules the server needs, the C libraries that runtime and
# RocksDB's natives link against (copied from this machine, as a distroless base would hold them,
# since the image starts from scratch), the server's JVM options and the directories the server
# writes to.
# usage: runtime.sh JAVA_HOME MODULES TARGET_DIR      (writes TARGET_DIR/image-root)
# Needs Linux (ldd) and a JDK with jmods (jlink). The image is for this machine's architecture.
set -euo pipefail
java_home="$1"
modules="$2"
target="$(cd "$3" && pwd)"
root="$target/image-root"

rm -rf "$root"
mkdir -p "$root/opt/sportsfeeds" "$root/data" "$root/tmp"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --generate-cds-archive --output "$root/opt/java" >/dev/null
cp "$target/jvm.options" "$root/opt/sportsfeeds/jvm.options"

# RocksDB's native library for this platform (x86-64 glibc), which ldd reads too.
natives="$(mktemp -d)"
trap 'rm -rf "$natives"' EXIT
(cd "$natives" && "$java_home/bin/jar" xf "$target/app-local.jar" librocksdbjni-linux64.so)
# The entrypoint's java.library.path: the JVM loads it from there rather than RocksDB unpacking it on every start.
mkdir -p "$root/opt/sportsfeeds/native"
cp "$natives/librocksdbjni-linux64.so" "$root/opt/sportsfeeds/native/"

# What a headless server loads; AWT's X11 and sound libraries (java.desktop is here for java.beans)
# are never loaded, so their dependencies stay out.
libraries=()
for file in "$root/opt/java/bin/java" "$root/opt/java/lib/server/libjvm.so" "$root"/opt/java/lib/*.so "$natives/librocksdbjni-linux64.so"; do
  case "${file##*/}" in
    libawt_xawt.so | libjawt.so | libsplashscreen.so | libjsound.so) continue ;;
  esac
  # "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
  while read -r path; do
    libraries+=("$path")
  done < <(ldd "$file" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | grep -v "^$root/")
done
for library in $(printf '%s\n' "${libraries[@]}" | sort -u); do
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done
echo "[image runtime] $(du -sh "$root" | cut -f1) in $root: Java $("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p') ($modules) and $(printf '%s\n' "${libraries[@]}" | sort -u | tr '\n' ' ')"
