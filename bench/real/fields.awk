# fields.awk — gawk on the corpus: fields, associative arrays, regular expressions, printf.
{
  for (i = 1; i <= NF; i++) {
    w = tolower($i); sub(/[.,;?]$/, "", w)
    if (w ~ /^[0-9]+$/) { sum += w; continue }
    if (w ~ /^[0-9]+\.[0-9]+$/) { fsum += w; continue }
    count[w]++; letters += length(w)
  }
  if ($NF ~ /\?$/) questions++
}
END {
  n = 0
  for (w in count) if (count[w] > max || (count[w] == max && w < best)) { max = count[w]; best = w }
  for (w in count) n++
  printf "%d lines, %d distinct, %d letters, sum %d, fsum %.2f, %d questions, most %s %d\n", NR, n, letters, sum, fsum, questions, best, max
}
