#!/bin/bash
x="$(cat "$1" | grep 'a b')" # comment
eval "$x"; cat <<EOF2
here $x
EOF2
echo ${var:-'default'} $((1 + 2)) `date`
