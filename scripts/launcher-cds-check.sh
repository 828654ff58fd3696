#!/usr/bin/env bash
# Checks the launcher's per-command class archive (pipeline-app/target/cds) on the `help` command: a run records
# the archive, the next one keeps it, and a recording cut short (its JVM killed while writing it) is dropped and
# recorded again rather than kept and ignored until the next build. Run from anywhere after a build; about 5 s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cds=pipeline-app/target/cds
fail() { echo "launcher-cds-check: $*" >&2; exit 1; }
rm -f "$cds"/help-java-*.jsa
./videorec help >/dev/null
first=$(compgen -G "$cds/help-java-*.jsa" | head -1 || true)
[ -n "$first" ] || fail "the first run after a build recorded no archive"
# A recording is NAME.PID.jsa, the archive NAME.jsa.
first="${first%.jsa}"
name="${first%.*}"
recordings() { compgen -G "$name.*.jsa" || true; }
./videorec help >/dev/null
kept="$name.jsa"
[ -f "$kept" ] || fail "the second run did not keep the recording as the archive"

# A recording cut short: the archive's first half, under the name of a recording whose JVM is gone.
sleep 0 & gone=$!
wait "$gone"
short="${kept%.jsa}.$gone.jsa"
head -c "$(( $(stat -c %s "$kept") / 2 ))" "$kept" > "$short"
rm -f "$kept"
./videorec help >/dev/null
[ ! -e "$short" ] || fail "a recording cut short was kept"
[ ! -e "$kept" ] || fail "a recording cut short became the archive"
[ -n "$(recordings)" ] || fail "the run after a dropped recording did not record again"
./videorec help >/dev/null
[ -f "$kept" ] || fail "the new recording did not become the archive"
echo "launcher-cds-check: the class archive is recorded, kept, and a recording cut short is dropped and redone"
