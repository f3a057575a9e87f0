#!/usr/bin/env bash
# Merge Dutch po fragments into the catalogue: fragments win over existing translations (they
# may correct them), makemessages' fuzzy guesses are dropped, then compile.
# Usage: scripts/merge_po_fragments.sh FRAGMENT.po [...]
set -euo pipefail
cd "$(dirname "$0")/.."
PO=locale/nl/LC_MESSAGES/django.po
tmp=$(mktemp -d)
header='msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
# The catalogue's own header goes first, so msgcat keeps it.
awk '/^$/ {exit} {print}' "$PO" > "$tmp/0.po"
i=0
for fragment in "$@"; do
  i=$((i + 1))
  # Each fragment gets a complete header of its own (ours replaces whatever it had).
  printf "$header" > "$tmp/$i.po"
  # A fragment without a header of its own gets ours first (msgcat needs the charset, and the
  # header is what the awk below skips: without one it would skip the first entry).
  if [ "$(grep -m1 '^msgid ' "$fragment")" = 'msgid ""' ]; then
    msgcat --use-first --no-location "$fragment" > "$tmp/in.po"
  else
    { printf "$header"; cat "$fragment"; } > "$tmp/with-header.po"
    msgcat --use-first --no-location "$tmp/with-header.po" > "$tmp/in.po"
  fi
  awk 'BEGIN{h=1} h && /^$/ {h=0; next} !h' "$tmp/in.po" >> "$tmp/$i.po"
done
msgattrib --translated --no-fuzzy "$PO" > "$tmp/translated.po"
msgcat --use-first "$tmp"/[0-9]*.po "$tmp/translated.po" > "$tmp/all.po"
msgattrib --clear-fuzzy --empty "$PO" > "$tmp/ref.po"
msgmerge --no-fuzzy-matching --quiet -o "$tmp/merged.po" "$tmp/all.po" "$tmp/ref.po"
# A fragment's msgid that the code no longer has would come back as obsolete: drop it.
msgattrib --no-obsolete -o "$PO" "$tmp/merged.po"
rm -r "$tmp"
echo "untranslated: $(msgattrib --untranslated "$PO" | grep -c '^msgid' || true) (the header counts as one)"
