# shellcheck shell=bash
# The SMTP server the digest tests talk to: Debian's python3-aiosmtpd, started on loopback by the tests themselves
# (tests/Jamsostek.Tests/Infrastructure/SmtpServer.cs). This only makes sure it is installed.

smtp_install() {
  if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    echo "Installing python3-aiosmtpd from Debian's packages..." >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null
  fi
  export JAMSOSTEK_TEST_SMTP_PYTHON=/usr/bin/python3
}
