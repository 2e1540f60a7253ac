# fates.jq - axdaily(1)'s fates.json: where every paper that entered the day
# ended, one count per state (axrender(1) names the keys).  Input: the day's
# scored.jsonl, slurped (jq -s).  Arguments (--argjson): selected, the count
# of selected.jsonl; scan, pre, select, the stats files of axfilter's scan,
# prefilter and selection (an object, an array of them, or null).
def one: if type == "array" then .[0] else . end;
(($scan // {}) | one | .dropped // {}) as $sd
| (($pre // {}) | one | .dropped // {}) as $pd
| (($select // {}) | one | .dropped // {}) as $cd
| {selected: $selected,
   below_cutoff: ([$cd.relevance, $cd.novelty, $cd.score, $cd.top] | map(. // 0) | add),
   dropped: ($sd + (if ($pd | length) > 0 then {prefilter: ([$pd[]] | add)} else {} end)),
   unscored: (map(select(.error and .error != "budget")) | length),
   over_budget: (map(select(.error == "budget")) | length)}
