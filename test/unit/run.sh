#!/bin/sh
# Run each unit-test binary; each prints "PASS  name" / "FAIL  name: why" lines.
# Print the final "N passed, N failed" line and fail if anything failed.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for t in "$@"; do
	if ! "./$t" >"$out" 2>&1; then
		grep -q '^FAIL' "$out" || echo "FAIL  unit/$t: exited non-zero" >>"$out"
	fi
	cat "$out"
	cat "$out" >>"$out.all"
done
pass=$(grep -c '^PASS' "$out.all" 2>/dev/null || true)
fail=$(grep -c '^FAIL' "$out.all" 2>/dev/null || true)
rm -f "$out.all"
echo "${pass:-0} passed, ${fail:-0} failed"
[ "${fail:-0}" -eq 0 ] && [ "${pass:-0}" -gt 0 ]
