# stats.jq - axdaily(1)'s stats.json, the digest's header figures: axcost's
# last line (the total when several models were used) plus the day's counts.
# jq -n; arguments: date, model (--arg); total, scanned, selected (counts),
# scan, pre, select (axfilter's stats, or null) (--argjson); cost (cost.json)
# and fates (fates.json) (--slurpfile).  A model without a price keeps
# axcost's null costs: the summary says "cost unknown", never $0.
{model: $model, calls: 0, prompt_tokens: 0, completion_tokens: 0,
 total_tokens: 0, prompt_cost: 0, completion_cost: 0, total_cost: 0}
+ (($cost[-1] // {}) | with_entries(select(.key != "model" or .value != null)))
+ {date: $date, total_papers: $total, scanned_papers: $scanned,
   selected_papers: $selected,
   dropped: {scan: ($scan // {}), prefilter: ($pre // {}),
             select: ($select // {})},
   fates: $fates[0]}
