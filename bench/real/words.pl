# words.pl — Perl on the corpus: regular expressions, hashes, sort, sprintf.
use strict;
use warnings;

my (%count, %length, $numbers, $lines);
open(my $corpus, '<', $ARGV[0]) or die "$ARGV[0]: $!";
while (my $line = <$corpus>) {
    $lines++;
    while ($line =~ /\b([A-Za-z]+)\b/g) {
        my $word = lc $1;
        $count{$word}++;
        $length{length $word}++;
    }
    $numbers = (($numbers // 0) * 7 + $1) % 1000003 while $line =~ /\b(\d+)\.(\d\d)\b/g;
}
close $corpus;
my @top = (sort { $count{$b} <=> $count{$a} or $a cmp $b } keys %count)[0 .. 9];
printf "%d lines, %d distinct words, numbers %d\n", $lines, scalar keys %count, $numbers;
print join(' ', map { "$_=$count{$_}" } @top), "\n";
print join(' ', map { "$_:$length{$_}" } sort { $a <=> $b } keys %length), "\n";
