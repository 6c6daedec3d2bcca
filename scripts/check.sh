#!/usr/bin/env bash
# The one check before every commit: the same as the README's test command (and CI).
exec bash "$(dirname "$0")/test.sh" "$@"
