#!/usr/bin/env bash
# Regenerates the screen gallery in this folder with the kiosk's own screenshot mode: every
# screen in Finnish in each of the four layouts, the same screens in Swedish and English in the
# landscape layout, and the high-contrast theme, all over the bundled demo catalogue. Then it
# writes index.md. Run from anywhere after a build: docs/screens/make-gallery.sh
#
#   KIOSK=path/to/talkoo-kiosk   (default: build/bin/talkoo-kiosk)
#   POINT=info-point-id          (default: the first info point of the demo catalogue)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kiosk="${KIOSK:-$root/build/bin/talkoo-kiosk}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

# A fresh data folder: the kiosk seeds it from the demo catalogue on first use.
summary=$("$kiosk" --data-dir "$data" --summary)
point="${POINT:-$(echo "$summary" | sed -n 's/^info points: \([^ ,]*\).*/\1/p' | grep -v '^(none' || true)}"

screens=(attract browse search for-whom selected task form keyboard numpad email form-errors thanks idle-warning)
layouts=("landscape 1920x1080" "portrait 1080x1920" "tablet 1280x800" "phone 390x844")

shot() { # shot OUT SCREEN SIZE LANG [extra flags...]
    local out=$1 screen=$2 size=$3 lang=$4
    shift 4
    "$kiosk" --data-dir "$data" ${point:+--point "$point"} --lang "$lang" --size "$size" \
        --screenshot "$here/$out" --screen "$screen" "$@" >/dev/null
}

rm -f "$here"/*.png
{
    echo "# Screen gallery"
    echo
    echo "Made by \`docs/screens/make-gallery.sh\` with \`talkoo-kiosk --screenshot\` over the demo"
    echo "catalogue. Every screen in Finnish in the four layouts; then Swedish, English and the"
    echo "high-contrast theme in the landscape layout. \`./build/bin/test-app\` renders every screen"
    echo "in every language, layout and theme and fails on any clipped label or missing text."
    echo
} >"$here/index.md"

for layout in "${layouts[@]}"; do
    name=${layout% *}
    size=${layout#* }
    echo "## $name ($size)" >>"$here/index.md"
    echo >>"$here/index.md"
    for s in "${screens[@]}"; do
        shot "$name-$s.png" "$s" "$size" fi
        echo "**$s**" >>"$here/index.md"
        echo >>"$here/index.md"
        echo "![$name $s]($name-$s.png)" >>"$here/index.md"
        echo >>"$here/index.md"
    done
done

echo "## Languages and high contrast (landscape)" >>"$here/index.md"
echo >>"$here/index.md"
for s in attract browse task form-errors thanks; do
    for lang in sv en; do
        shot "lang-$lang-$s.png" "$s" 1920x1080 "$lang"
        echo "![$lang $s](lang-$lang-$s.png)" >>"$here/index.md"
        echo >>"$here/index.md"
    done
    shot "contrast-$s.png" "$s" 1920x1080 fi --theme high-contrast
    echo "![high contrast $s](contrast-$s.png)" >>"$here/index.md"
    echo >>"$here/index.md"
done
echo "gallery: $(ls "$here"/*.png | wc -l) screenshots, $(du -sh "$here" | cut -f1) in $here"
