#!/bin/sh
# The web process: gunicorn with an empty PROMETHEUS_MULTIPROC_DIR (docs/operations.md,
# "Metrics"). prometheus-client adds up the files its processes keep there; files left by an
# earlier start would count twice, so the directory is emptied before gunicorn starts (a
# container restart inside a Kubernetes pod keeps its emptyDir). Arguments go to gunicorn.
set -eu
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-/tmp/leernet-metrics}"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
find "$PROMETHEUS_MULTIPROC_DIR" -mindepth 1 -delete
exec gunicorn config.wsgi:application "$@"
