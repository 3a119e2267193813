#!/bin/sh
# Runs inside the fresh Debian root after `apt-get install ./nianbao.deb`: the CLI on the
# installed sample, the window under Xvfb, and the removal of the package. Outputs go to
# /tmp/out, which test-deb.sh copies out.
set -eu
export HOME=/root LANG=C.UTF-8
mkdir -p /tmp/out
cd /tmp/out
run() {
    echo "\$ $*"
    "$@"
}
run command -v nianbao
run nianbao --version
run nianbao new --format gov2021 --year 2025 --agency 测试县测试局 -o new.ron
run nianbao check /usr/share/nianbao/sample-gov2021.ron
run nianbao export /usr/share/nianbao/sample-gov2021.ron --pdf sample.pdf --json sample.json \
    --docx sample.docx --xlsx sample.xlsx --html sample.html
run nianbao import sample.pdf -o imported.ron
run nianbao check imported.ron

# A draft opens in nianbao from the file manager: drafts are recognised by their envelope,
# whatever their name; another RON file is not claimed.
printf '(name: "x", value: 3)\n' >other.ron
cp new.ron "新的 草稿.ron"
for f in new.ron "新的 草稿.ron" /usr/share/nianbao/sample-gov2019.ron other.ron; do
    echo "$f: $(gio info -a standard::content-type "$f" | sed -n 's/.*content-type: //p')"
done
for f in new.ron "新的 草稿.ron" /usr/share/nianbao/sample-gov2019.ron; do
    gio info -a standard::content-type "$f" | grep -q "application/x-nianbao-draft"
done
gio info -a standard::content-type other.ron | grep -q "text/plain"
grep -q "application/x-nianbao-draft" /usr/share/applications/mimeinfo.cache

# The window, on the installed sample, under Xvfb.
echo "\$ Xvfb :99 & nianbao (window)"
Xvfb :99 -screen 0 1400x900x24 -nolisten tcp >xvfb.log 2>&1 &
xvfb=$!
sleep 3
DISPLAY=:99 nianbao >window.log 2>&1 &
app=$!
sleep 12
if ! kill -0 "$app" 2>/dev/null; then
    echo "the window ended early:"
    cat window.log
    exit 1
fi
DISPLAY=:99 xwd -root -silent >window.xwd
kill "$app" "$xvfb" 2>/dev/null || true
wait "$app" 2>/dev/null || true

# What the user made stays when the package goes.
mkdir -p /root/年报
cp new.ron /root/年报/草稿.ron
ls -R /root/.local/state 2>/dev/null | head -5 || true
before=$(find /root -type f -exec md5sum {} + | sort | md5sum)
run apt-get remove --purge -y -qq nianbao
after=$(find /root -type f -exec md5sum {} + | sort | md5sum)
if [ "$before" != "$after" ] || [ ! -f /root/年报/草稿.ron ]; then
    echo "removing the package touched the user's files"
    exit 1
fi
if [ -e /usr/bin/nianbao ] || [ -e /usr/share/nianbao ]; then
    echo "files left after removal"
    exit 1
fi
echo "removed; the user's files are untouched"
