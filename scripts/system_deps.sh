#!/usr/bin/env bash
# System packages PlanAtlas needs beyond Python: headless Chromium (PDF fixtures and browser tests)
# and a CJK font (Chinese text in PDFs, screenshots and matplotlib plots). Installed with apt-get
# when missing and when we may (root, Debian); otherwise says what is missing and carries on, so
# that the parts that do not need them still run.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need+=(fonts-noto-cjk fontconfig); fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3; do
    apt-get update -qq >/dev/null 2>&1 && \
      apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 && exit 0
    echo "apt-get failed (attempt $attempt); retrying" >&2
    sleep $((attempt * 5))
  done
  echo "warning: could not install ${need[*]}; tests that need them will be skipped" >&2
else
  echo "warning: missing ${need[*]} (install them with your package manager); tests that need them will be skipped" >&2
fi
exit 0
