#!/usr/bin/env bash
# Installs the Debian packages iocc's build and tests run: suricata (from
# bookworm-backports, it is not in bookworm main), the yara command line and
# Chromium for the site tests, Node.js and npm for the CSAF validator test, and
# Java 17 for PySpark (the Spark SQL plan of `iocc scan` is tested in local mode).
# Does nothing for a package already present.
set -euo pipefail

need=()
command -v suricata >/dev/null 2>&1 || need+=(suricata)
command -v yara >/dev/null 2>&1 || need+=(yara)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "iocc: missing Debian packages (${need[*]}); run this script as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# suricata lives in bookworm-backports: add the suite to the machine's own source.
src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && ! grep -q 'bookworm-backports' "$src"; then
  sed -i '0,/^Suites: bookworm bookworm-updates$/s//Suites: bookworm bookworm-updates bookworm-backports/' "$src"
fi
apt-get update -qq
for pkg in "${need[@]}"; do
  case "$pkg" in
    suricata) apt-get install -y -qq -t bookworm-backports suricata ;;
    *) apt-get install -y -qq "$pkg" ;;
  esac
done
