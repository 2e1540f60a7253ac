# score-requests.jq - request records (DESIGN.md) from a scored day of
# tests/data/scored-astro-ph.tar.gz, as axprompt would write them: papers in the
# block format of the real prompts, $n to a request; axscore's tests use it.
# jq -c --rawfile sys S --rawfile user U --argjson n 8 -f score-requests.jq day.json
[.[] | {id: .arxiv_id, title, authors, abstract}]
| [range(0; length; $n) as $i | .[$i:$i + $n]]
| to_entries[]
| ([.value[] | "ArXiv ID: \(.id)\nTitle: \(.title)\nAuthors: \(.authors | join(", "))\nAbstract: \(.abstract)"]
   | join("\n\n")) as $blocks
| ($user | index("{{papers}}")) as $at
| {batch: (.key + 1), papers: .value,
   messages: [{role: "system", content: $sys},
              {role: "user", content: ($user[:$at] + $blocks + $user[$at + 10:])}]}
