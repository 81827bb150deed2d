#!/usr/bin/env bash
# Mutated reports never crash rpmsg-report: a bounded loop of truncations,
# byte flips (fixed seed) and members of the wrong type (RB_FUZZ_* make it
# longer: e.g. RB_FUZZ_STEP=7 RB_FUZZ_FLIPS=2000 for a soak). Run under the
# sanitized build (make SANITIZE=1), a memory error or undefined behaviour
# exits with the sanitizers' own status (86/87 set in lib.sh), never 0 or 1.
#   truncated JSON           status 1, exactly
#   member of the wrong type status 1, exactly
#   flipped byte, edge value status 0 (still a valid report) or 1, nothing else
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/reports/lib.sh
source "$here/lib.sh"

SEED="${RB_FUZZ_SEED:-20261122}"
STEP="${RB_FUZZ_STEP:-499}"	# truncate every STEP bytes
FLIPS="${RB_FUZZ_FLIPS:-40}"	# byte flips
TYPES="${RB_FUZZ_TYPES:-30}"	# wrong-type mutations per report
DRAW="${RB_FUZZ_DRAW:-6}"	# valid mutants also drawn with gnuplot
runs=0 ok=0 bad=0

# run_one WANT FILE: WANT is "1" or "0|1".
run_one() {
	local want="$1" f="$2" cmd
	# Alternate the commands so every reader and writer sees mutants.
	case $((runs % 4)) in
	0) cmd=(summary "$f") ;;
	1) cmd=(render "$f" -o "$WORK/o" --no-figures) ;;
	2) cmd=(percentiles "$f") ;;
	3) cmd=(csv "$f" -o "$WORK/o") ;;
	esac
	runs=$((runs + 1))
	run_status "$REPORT" "${cmd[@]}"
	if [[ ! "$RC" =~ ^($want)$ ]] || grep -q -E 'Sanitizer|runtime error' "$WORK/err"; then
		echo "FAIL: ${cmd[*]}: status $RC, want $want"
		cp "$f" "$WORK/failed-$runs.json"
		head -n 20 "$WORK/err"
		FAILED=1
		return
	fi
	if ((RC == 0)); then
		ok=$((ok + 1))
	else
		bad=$((bad + 1))
		# Bad input is explained, with the file named.
		if ! grep -q -F "$f" "$WORK/err"; then
			echo "FAIL: ${cmd[*]}: status 1 without naming the file: $(head -c 300 "$WORK/err")"
			FAILED=1
		fi
	fi
}

for src in interrupted.json two-endpoints.json; do
	J="$FIX/$src"
	size=$(stat -c %s "$J")
	# The big fixture's buckets are many alike lines: truncate it more coarsely.
	step=$STEP
	flips=$FLIPS types=$TYPES
	if [[ $src == two-endpoints.json ]]; then
		step=$((STEP * 23)) flips=$((FLIPS / 2)) types=$((TYPES * 2 / 3))
	fi
	echo "# $src: truncations every $step bytes"
	for ((n = 0; n < size - 2; n += step)); do
		head -c "$n" "$J" >"$WORK/m.json"
		run_one 1 "$WORK/m.json"
	done

	echo "# $src: $flips byte flips, seed $SEED"
	RANDOM=$SEED
	drawn=0
	for ((i = 0; i < flips; i++)); do
		off=$(((RANDOM * 32768 + RANDOM) % size))
		byte=$((RANDOM % 256))
		cp "$J" "$WORK/m.json"
		printf '%b' "\\0$(printf '%03o' "$byte")" |
			dd of="$WORK/m.json" bs=1 seek="$off" conv=notrunc status=none
		run_one '0|1' "$WORK/m.json"
		# A mutant that still loads is also drawn: odd values reach gnuplot.
		if ((RC == 0 && drawn < DRAW)) && command -v gnuplot >/dev/null; then
			run_status "$REPORT" render "$WORK/m.json" -o "$WORK/d$i" --format svg
			if [[ ! "$RC" =~ ^(0|1)$ ]]; then
				echo "FAIL: render of flip $i (offset $off, byte $byte): status $RC"
				cat "$WORK/err"
				FAILED=1
			fi
			drawn=$((drawn + 1))
			rm -rf "$WORK/d$i"
		fi
	done

	echo "# $src: $types members of the wrong type"
	mapfile -t paths < <(jq -c 'paths | select(map(tostring) | index("fields") | not)' "$J")
	stride=$(((${#paths[@]} + types - 1) / types))
	for ((i = 0; i < ${#paths[@]}; i += stride)); do
		p="${paths[$i]}"
		# A scalar becomes an object, an object or array a string: no known member takes that.
		jq --argjson p "$p" 'getpath($p) as $v |
			setpath($p; if ($v | type) == "object" or ($v | type) == "array" then "x" else {"x": 1} end)' \
			"$J" >"$WORK/m.json"
		run_one 1 "$WORK/m.json"
	done

	echo "# $src: numbers set to edge values (0, 1, 2^62, 0.5)"
	mapfile -t paths < <(jq -c 'paths(numbers)' "$J")
	stride=$(((${#paths[@]} + types / 2 - 1) / (types / 2)))
	k=0
	for ((i = 0; i < ${#paths[@]}; i += stride)); do
		v=(0 1 4611686018427387904 0.5)
		jq --argjson p "${paths[$i]}" --argjson v "${v[$((k++ % 4))]}" 'setpath($p; $v)' \
			"$J" >"$WORK/m.json"
		run_one '0|1' "$WORK/m.json"
		if ((RC == 0 && k <= DRAW)) && command -v gnuplot >/dev/null; then
			run_status "$REPORT" render "$WORK/m.json" -o "$WORK/v$i" --format svg
			check "render with ${paths[$i]} = ${v[$(((k - 1) % 4))]}" "$RC" 0
			rm -rf "$WORK/v$i"
		fi
	done
done

echo "runs: $runs, loaded: $ok, refused: $bad"
check "some mutants refused" "$((bad > 0))" 1
check "some byte flips still load" "$((ok > 0))" 1
finish
