#!/bin/sh
# Install TRM Puzzle Studio's Linux desktop integration: the app folder, the launcher (.desktop), the
# icons (hicolor theme) and the puzzle file types (shared-mime-info).
#
#   ./install.sh [--prefix DIR | --system] [--exec COMMAND] [--uninstall] [BUNDLE]
#
# BUNDLE is the PyInstaller folder (the one holding trm-app); default: the folder this script is in
# when that holds trm-app (the script ships inside the bundle), else dist/trm-puzzle-studio of the
# checkout. It is copied to PREFIX/lib/trm-puzzle-studio, with PREFIX/bin/trm-app and PREFIX/bin/trm
# linking to it.
#
#   (default)        user level: PREFIX=~/.local, data in $XDG_DATA_HOME (default ~/.local/share)
#   --system         PREFIX=/usr/local, data in /usr/local/share (run as root)
#   --prefix DIR     any other PREFIX (data in DIR/share)
#   --exec COMMAND   copy no bundle: the launcher runs COMMAND (e.g. the trm-app that
#                    `pip install` put on PATH, given as an absolute path)
#   --uninstall      remove what an install with the same options put there
#
# It only copies files and, where they exist, runs update-mime-database, update-desktop-database and
# gtk-update-icon-cache; nothing is downloaded.
set -eu

APP=trm-puzzle-studio
here=$(cd "$(dirname "$0")" && pwd)
share_src="$here/share"

prefix=""
system=0
exec_cmd=""
uninstall=0
bundle=""
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
                  prefix=$2; shift ;;
        --prefix=*) prefix=${1#--prefix=} ;;
        --system) system=1 ;;
        --exec) [ $# -ge 2 ] || { echo "install.sh: --exec needs a command" >&2; exit 2; }
                exec_cmd=$2; shift ;;
        --exec=*) exec_cmd=${1#--exec=} ;;
        --uninstall) uninstall=1 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) bundle=$1 ;;
    esac
    shift
done

if [ -n "$prefix" ]; then
    data="$prefix/share"
elif [ "$system" = 1 ]; then
    prefix=/usr/local
    data="$prefix/share"
else
    [ -n "${HOME:-}" ] || { echo "install.sh: HOME is not set" >&2; exit 2; }
    prefix="$HOME/.local"
    data="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
appdir="$prefix/lib/$APP"
bindir="$prefix/bin"
desktop="$data/applications/$APP.desktop"
mimexml="$data/mime/packages/$APP.xml"
icons="$data/icons/hicolor"

refresh() {
    # Caches are rebuilt where the tools exist; without them desktops rescan at the next login.
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$data/mime" ]; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || echo "note: update-mime-database failed" >&2
    fi
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data/applications" ]; then
        update-desktop-database "$data/applications" >/dev/null 2>&1 || true
    fi
    if [ -d "$icons" ]; then
        touch "$icons"
        if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icons/index.theme" ]; then
            gtk-update-icon-cache -q -f "$icons" >/dev/null 2>&1 || true
        fi
    fi
}

remove_app_dir() {
    # Only a folder that is ours: named trm-puzzle-studio and holding trm-app.
    if [ -d "$appdir" ]; then
        case "$appdir" in
            */lib/$APP) ;;
            *) echo "install.sh: refusing to remove $appdir" >&2; exit 1 ;;
        esac
        if [ -e "$appdir/trm-app" ]; then
            rm -rf "$appdir"
        else
            echo "install.sh: $appdir does not look like an installed bundle; left alone" >&2
            exit 1
        fi
    fi
}

icon_files() {
    # The icon paths relative to the hicolor folder, from the shipped set.
    (cd "$share_src/icons/hicolor" && find . -type f -name "$APP.*" | sed 's|^\./||')
}

if [ "$uninstall" = 1 ]; then
    rm -f "$desktop" "$mimexml"
    for f in $(icon_files); do rm -f "$icons/$f"; done
    for exe in trm-app trm; do
        link="$bindir/$exe"
        # Only our own links: they point into the app folder.
        if [ -L "$link" ] && [ "$(readlink "$link")" = "$appdir/$exe" ]; then rm -f "$link"; fi
    done
    remove_app_dir
    refresh
    echo "removed $APP from $prefix (data in $data)"
    exit 0
fi

[ -f "$share_src/applications/$APP.desktop" ] || {
    echo "install.sh: $share_src/applications/$APP.desktop is missing: run me from the bundle or from packaging/linux" >&2
    exit 1
}

if [ -n "$exec_cmd" ]; then
    target="$exec_cmd"
else
    if [ -z "$bundle" ]; then
        if [ -x "$here/trm-app" ]; then
            bundle="$here"
        else
            bundle="$here/../../dist/$APP"
        fi
    fi
    [ -x "$bundle/trm-app" ] || {
        echo "install.sh: $bundle/trm-app not found: build the bundle first (packaging/README.md), or pass --exec" >&2
        exit 1
    }
    bundle=$(cd "$bundle" && pwd)
    mkdir -p "$(dirname "$appdir")" "$bindir"
    if [ "$bundle" != "$appdir" ]; then
        remove_app_dir
        cp -a "$bundle" "$appdir"
    fi
    for exe in trm-app trm; do
        if [ -x "$appdir/$exe" ]; then ln -sf "$appdir/$exe" "$bindir/$exe"; fi
    done
    target="$appdir/trm-app"
fi

mkdir -p "$(dirname "$desktop")" "$(dirname "$mimexml")"
# Exec and TryExec name the installed program itself: a desktop session's PATH often lacks ~/.local/bin.
# A path with spaces is quoted as the desktop entry spec asks.
case "$target" in
    *" "*) exec_value="\"$target\"" ;;
    *) exec_value="$target" ;;
esac
sed_escape() { printf '%s' "$1" | sed 's/[&|\\]/\\&/g'; }
sed -e "s|^Exec=.*|Exec=$(sed_escape "$exec_value") %f|" -e "s|^TryExec=.*|TryExec=$(sed_escape "$target")|" \
    "$share_src/applications/$APP.desktop" > "$desktop"
chmod 644 "$desktop"
cp "$share_src/mime/packages/$APP.xml" "$mimexml"
for f in $(icon_files); do
    mkdir -p "$icons/$(dirname "$f")"
    cp "$share_src/icons/hicolor/$f" "$icons/$f"
done
refresh
echo "installed $APP: launcher $desktop, program $target"
