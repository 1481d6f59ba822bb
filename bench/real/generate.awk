# generate.awk — the inputs of the real-program rows, the same on every machine (integer
# arithmetic below 2^53 only, so any awk gives the same bytes):
#   awk -v what=corpus -f generate.awk   a text of about 1.2 MB: words, numbers, punctuation
#   awk -v what=json -f generate.awk     a JSON array of 8,000 records
function next_random() { seed = (seed * 48271) % 2147483647; return seed }
function pick(n) { return next_random() % n }
BEGIN {
  seed = 20241207
  nwords = split("the of and to in is was that for on with as by emulator register branch translation page " \
    "guest host syscall signal thread process memory region compile interpret vector float double " \
    "integer pointer stack heap queue tree list table hash order byte word quick brown fox jumps " \
    "over lazy dog alpha beta gamma delta kernel user mode trace step break point watch", words, " ")
  if (what == "corpus") {
    for (line = 0; line < 24000; line++) {
      n = 3 + pick(12); text = ""
      for (w = 0; w < n; w++) {
        r = pick(100)
        if (r < 8) token = pick(100000)
        else if (r < 10) token = sprintf("%d.%02d", pick(1000), pick(100))
        else token = words[1 + pick(nwords)]
        if (w == 0 && pick(3) == 0) token = toupper(substr(token, 1, 1)) substr(token, 2)
        text = text (w ? " " : "") token
      }
      punct = pick(10)
      print text (punct < 6 ? "." : punct < 8 ? "," : punct < 9 ? ";" : "?")
    }
  } else if (what == "json") {
    printf "["
    for (i = 0; i < 8000; i++) {
      ntags = pick(5); tags = ""
      for (t = 0; t < ntags; t++) tags = tags (t ? "," : "") "\"" words[1 + pick(nwords)] "\""
      printf "%s\n{\"id\":%d,\"name\":\"%s-%s\",\"score\":%d,\"ratio\":%d.%03d,\"active\":%s,\"tags\":[%s],\"owner\":{\"group\":%d,\"level\":\"%s\"}}",
        (i ? "," : ""), i, words[1 + pick(nwords)], words[1 + pick(nwords)], pick(1000), pick(10), pick(1000),
        (pick(2) ? "true" : "false"), tags, pick(40), (pick(3) == 0 ? "high" : "low")
    }
    print "\n]"
  } else {
    print "generate.awk: what must be corpus or json" > "/dev/stderr"; exit 2
  }
}
