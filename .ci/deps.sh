#!/usr/bin/env bash
# System packages the tests use when present: Raptor's `rapper` checks the Turtle and
# N-Triples exports (tests skip those checks, saying why, when it is absent).
set -euo pipefail
if ! command -v rapper >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq >/dev/null && apt-get install -y -qq raptor2-utils >/dev/null \
            || echo "deps.sh: could not install raptor2-utils; the rapper checks will be skipped" >&2
    else
        echo "deps.sh: no rapper and no root apt-get; the rapper checks will be skipped" >&2
    fi
fi
