#!/usr/bin/env bash
# Runs a command inside the current D-Bus session with a fresh, unlocked GNOME Keyring, so keytar talks to
# a real Secret Service. Start it under `dbus-run-session -- bash .ci/with-keyring.sh CMD…`.
set -euo pipefail
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
# The keyring's password only guards this throw-away keyring for the length of the run.
eval "$(printf 'payout-desk-ci' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
exec "$@"
