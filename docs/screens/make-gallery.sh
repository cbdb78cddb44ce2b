#!/usr/bin/env bash
# Regenerates the screen gallery in this folder with the kiosk's own screenshot mode, over the
# bundled demo catalogue: the screens in Finnish in each of the four layouts (the keyboards'
# variants in landscape and phone), a few screens in Swedish and English, the high-contrast
# theme, and large text (150 and 200 %) in every layout. Then it writes index.md. Run from anywhere after a build: docs/screens/make-gallery.sh
# (tests/app renders every screen in every language, layout and theme; the gallery is for eyes).
#
#   KIOSK=path/to/talkoo-kiosk   (default: build/bin/talkoo-kiosk)
#   POINT=info-point-id          (default: demo-ip-pori-library, a stand of the demo catalogue)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kiosk="${KIOSK:-$root/build/bin/talkoo-kiosk}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

# A fresh data folder: the kiosk seeds it from the demo catalogue on first use.
"$kiosk" --data-dir "$data" --summary >/dev/null
# The stand the screenshots are taken at: Pori city library of the demo catalogue.
point="${POINT:-demo-ip-pori-library}"

screens=(attract browse search for-whom task form keyboard form-errors thanks idle-warning chooser
    chooser-time chooser-results)
extra=(selected numpad email signups-off)  # in landscape and phone only
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
    list=("${screens[@]}")
    if [ "$name" = landscape ] || [ "$name" = phone ]; then list+=("${extra[@]}"); fi
    for s in "${list[@]}"; do
        shot "$name-$s.png" "$s" "$size" fi
        echo "**$s**" >>"$here/index.md"
        echo >>"$here/index.md"
        echo "![$name $s]($name-$s.png)" >>"$here/index.md"
        echo >>"$here/index.md"
    done
done

echo "## Languages and high contrast (landscape)" >>"$here/index.md"
echo >>"$here/index.md"
for s in attract browse form-errors; do
    for lang in sv en; do
        shot "lang-$lang-$s.png" "$s" 1920x1080 "$lang"
        echo "![$lang $s](lang-$lang-$s.png)" >>"$here/index.md"
        echo >>"$here/index.md"
    done
done
for s in browse task form-errors; do
    shot "contrast-$s.png" "$s" 1920x1080 fi --theme high-contrast
    echo "![high contrast $s](contrast-$s.png)" >>"$here/index.md"
    echo >>"$here/index.md"
done

# Large text (A+ 150 %, A++ 200 %): the screens a visitor reads most, in each layout; the task
# page shows the "Listen" button (the screenshot mode stands in SDL's dummy audio driver for a
# loudspeaker). tests/app checks every screen at 150 and 200 % in every language and layout.
{
    echo "## Large text (A+ 150 %, A++ 200 %) and Listen"
    echo
    echo "The task page and the form have **Listen** (Kuuntele) at the top of their text. Top right on"
    echo "every screen: A / A+ / A++ (on a phone one button that steps through them)."
    echo
} >>"$here/index.md"
for layout in "${layouts[@]}"; do
    name=${layout% *}
    size=${layout#* }
    for pct in 150 200; do
        for s in attract browse task form; do
            shot "text$pct-$name-$s.png" "$s" "$size" fi --text-size "$pct"
            echo "![$name $s at $pct %](text$pct-$name-$s.png)" >>"$here/index.md"
            echo >>"$here/index.md"
        done
    done
done
for lang in sv en; do
    shot "text200-$lang-form-errors.png" form-errors 1920x1080 "$lang" --text-size 200
    echo "![$lang form-errors at 200 %](text200-$lang-form-errors.png)" >>"$here/index.md"
    echo >>"$here/index.md"
done
echo "gallery: $(ls "$here"/*.png | wc -l) screenshots, $(du -sh "$here" | cut -f1) in $here"
