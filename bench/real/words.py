# words.py — CPython on the corpus: word frequencies in a dict, sorting, string methods, integer
# arithmetic on the numbers, a small JSON dump. Prints the same on every run.
import json
import sys

counts = {}
numbers = 0
longest = ""
with open(sys.argv[1]) as corpus:
    for line in corpus:
        for token in line.rstrip(".,;?\n").split():
            if token.isdigit():
                numbers = (numbers * 31 + int(token)) % 1000000007
                continue
            word = token.lower()
            counts[word] = counts.get(word, 0) + 1
            if len(word) > len(longest) or (len(word) == len(longest) and word < longest):
                longest = word
top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
pairs = {}
for word, n in counts.items():
    key = word[0] + word[-1]
    pairs[key] = pairs.get(key, 0) + n * len(word)
print(json.dumps({"distinct": len(counts), "top": top, "numbers": numbers, "longest": longest}, sort_keys=True))
print(sum(v for k, v in sorted(pairs.items())[::3]), len(pairs))
