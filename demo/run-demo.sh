#!/bin/sh
# Runs in the guest: the demo programs built into $1.
D=${1:?usage: run-demo.sh DEMO_DIR}
"$D/memfd-flags"
