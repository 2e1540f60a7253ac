# webhook.jq - axdeliver(1)'s post for a Slack-compatible incoming webhook:
# {"text": ...} with the day's figures and the ten best titles linked to
# arXiv.  Input: selected.jsonl, slurped (jq -s).  Arguments (--arg): date;
# selected, scanned (counts); cost, the total as the digest prints it
# ("0.04"), "" for none, "unknown" for a model without a price; model;
# page, the URL of the day's site page or "".  Titles are escaped as Slack
# asks (& < > as entities); jq escapes the JSON.
def slack: gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;");
([.[:10][] | "• <https://arxiv.org/abs/\(.id)|\(.title // .id | slack)>"
	+ (if .relevance then " (\(.relevance)/\(.novelty))" else "" end)]) as $top
| {text: ("*Personalized Daily ArXiv Papers \($date)*: \($selected) relevant of \($scanned) scanned"
	+ (if $cost == "unknown" then ", cost unknown (no price for \($model | slack))"
	   elif $cost != "" then ", $\($cost)" else "" end)
	+ (if $page != "" then " <\($page)|digest>" else "" end)
	+ "\n" + ($top | join("\n"))
	+ (if length > 10 then "\n… and \(length - 10) more" else "" end))}
