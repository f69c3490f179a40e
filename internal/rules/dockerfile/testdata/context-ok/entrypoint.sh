#!/bin/sh
set -e
python -m app migrate
exec python -m app "$@"
