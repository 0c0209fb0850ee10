# Sourced by the other scripts: installs what Bangfu needs from Debian when it is missing.
# Lua 5.4 (headers and library) comes from liblua5.4-dev; SwiftPM finds it with pkg-config.
bangfu_need_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing ${missing[*]} ..." >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

bangfu_need_packages liblua5.4-dev pkg-config
