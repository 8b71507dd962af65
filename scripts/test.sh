#!/usr/bin/env bash
# Install the test dependencies and run the whole test suite. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# The official ROUGE-1.5.5 script needs Perl's XML::Parser (Debian: libxml-parser-perl).
if ! perl -MXML::Parser -e1 2>/dev/null; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get install -y -q libxml-parser-perl >/dev/null 2>&1 ||
      (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q libxml-parser-perl >/dev/null 2>&1)) ||
      echo "note: could not install libxml-parser-perl; the official-ROUGE tests will be reported as skipped" >&2
  else
    echo "note: Perl's XML::Parser is missing (apt-get install libxml-parser-perl); official-ROUGE tests will be skipped" >&2
  fi
fi
# The browser tests of `storyline serve` drive Debian's Chromium through its chromedriver (browser downloads fail here).
if ! { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; }; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 ||
      (apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1)) ||
      echo "note: could not install chromium/chromium-driver; the browser tests will be reported as skipped" >&2
  else
    echo "note: Chromium is missing (apt-get install chromium chromium-driver); the browser tests will be skipped" >&2
  fi
fi
scripts/setup.sh test
.venv/bin/python -m pytest "$@"
