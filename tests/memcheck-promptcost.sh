#!/bin/sh
# memcheck runs of axprompt and axcost on the examples (the real 2025-09-10 papers and prompts).
e=$top/examples
echo "axprompt batches|\$VG axprompt --system $e/ml.system.md --user $e/ml.user.md --model gpt-5 $e/papers.jsonl"
echo "axprompt --titles --batch-tokens|\$VG axprompt --user $e/astro.titles.md --titles --batch-tokens 600 $e/papers.jsonl"
echo "axprompt pass-through and a bad line|{ head -3 $e/papers.jsonl; echo '{bad'; sed -n 4p $e/papers.jsonl | jq -c '.score = 20'; } | \$VG axprompt --user $e/ml.user.md"
echo "axcost usage|\$VG axcost --prices $e/prices.txt $e/usage.jsonl"
echo "axcost unknown model and bad lines|{ echo '{\"model\":\"x\",\"prompt_tokens\":1}'; echo '{bad'; } | \$VG axcost --prices $e/prices.txt"
echo "axcost --estimate|axprompt --system $e/astro.system.md --user $e/astro.user.md --model gpt-4.1 $e/papers.jsonl | \$VG axcost --estimate --prices $e/prices.txt"
