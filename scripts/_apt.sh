# Shared helpers of the scripts: stop with a message, install Debian packages when missing.

# die MESSAGE...: print what failed and stop the script (a failed set-up step is never swallowed).
die() {
  echo "error: $*" >&2
  exit 1
}

# apt_install PKG...: install Debian packages when missing (as root, or through sudo); stops the
# script with a message when they cannot be installed.
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # A failed refresh of the package lists is not fatal by itself (the lists on disk may do);
  # the install below is what must succeed.
  $sudo apt-get update -qq || echo "warning: apt-get update failed; trying the package lists on disk" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "could not install Debian packages: ${missing[*]}"
}
