#!/usr/bin/env bash
# The install test (issue 25). Builds the Debian package from the program the last cargo
# build made (CI: the one `cargo test` built, so nothing is compiled twice), checks what it
# holds and what lintian says, installs it with apt-get into a fresh minimal Debian 12 root
# (mmdebstrap) that has no Rust and no source tree, and there runs the CLI on the installed
# sample, the window under Xvfb, and the removal (packaging/in-root.sh).
#
# Needs root, cargo-deb, mmdebstrap, lintian, desktop-file-utils, poppler-utils and
# imagemagick, and Debian's package mirror. NIANBAO_DEB_PROFILE picks the cargo profile (default: dev, what `cargo test`
# builds; a release package is `cargo deb`).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${NIANBAO_DEB_PROFILE:-dev}
out=target/debian
mkdir -p "$out"
deb=$out/nianbao.deb
t0=$SECONDS

echo "== cargo deb (profile $profile)"
cargo deb --no-build --profile "$profile" -o "$deb" >"$out/cargo-deb.log" 2>&1 || {
    cat "$out/cargo-deb.log"
    exit 1
}
grep -v "^warning: dev profile\|^ *To enable debug symbols" "$out/cargo-deb.log" || true
[ -f "$deb" ]
echo "package: $(stat -c %s "$deb") bytes, installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"
dpkg-deb -f "$deb" Package Version Depends

echo "== the files it holds"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sort >"$out/files.txt"
sort packaging/files.txt | diff -u - "$out/files.txt"
echo "exactly the $(wc -l <"$out/files.txt") files of packaging/files.txt"

echo "== the desktop entry"
desktop-file-validate packaging/nianbao.desktop

echo "== lintian"
lintian_rc=0
lintian --fail-on error --tag-display-limit 0 "$deb" >"$out/lintian.txt" 2>&1 || lintian_rc=$?
grep -v "running with root privileges" "$out/lintian.txt" || true
if [ "$lintian_rc" != 0 ]; then
    echo "lintian found errors (exit $lintian_rc)"
    exit 1
fi

echo "== a fresh Debian 12 root, the package installed with apt-get"
root=$(mktemp -d /tmp/nianbao-root.XXXXXX)
trap 'rm -rf "$root"' EXIT
rm -rf "$out/install-test"
t1=$SECONDS
mmdebstrap --quiet --mode=root --variant=apt \
    --include=xvfb,x11-apps,shared-mime-info,libglib2.0-bin,desktop-file-utils \
    --customize-hook="copy-in $deb packaging/in-root.sh /tmp" \
    --customize-hook='chroot "$1" sh -c "if command -v cargo || command -v rustc; then exit 1; fi"' \
    --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/nianbao.deb' \
    --customize-hook='chroot "$1" sh /tmp/in-root.sh' \
    --customize-hook="copy-out /tmp/out $out/install-test" \
    bookworm "$root"
echo "root made, package installed and tried in $((SECONDS - t1)) s"

echo "== what the installed program made"
ls -l "$out/install-test/out"
pdfinfo "$out/install-test/out/sample.pdf" | grep -E "^(Title|Pages):"
# Read whole, then searched: `grep -q` closing the pipe early would end pdftotext with SIGPIPE.
pdftotext "$out/install-test/out/sample.pdf" "$out/install-test/sample.txt"
grep -q "政府信息公开工作年度报告" "$out/install-test/sample.txt"
echo "pdftotext gives back the Chinese title"
convert "xwd:$out/install-test/out/window.xwd" "$out/install-test/window.png"
echo "window screenshot: $out/install-test/window.png"
echo "== install test passed in $((SECONDS - t0)) s"
