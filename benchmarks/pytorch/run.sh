#!/usr/bin/env bash
# The PyTorch side of the benchmarks: installs Debian's python3-torch when it is missing (as root),
# then runs bench_torch.py with Debian's /usr/bin/python3 (not a pyenv python on PATH).
#   benchmarks/pytorch/run.sh DATA_DIR OUT.json [--quick]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3
if ! "$python" -c 'import torch, numpy' >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "error: PyTorch is missing for $python; run as root or: sudo apt-get install -y python3-torch" >&2
    exit 1
  fi
  echo "installing python3-torch (Debian package)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch >&2
fi
exec "$python" "$here/bench_torch.py" --data "$1" --out "$2" "${@:3}"
