// except: C++ exceptions: a recursive parser of generated records that throws on bad input from
// several frames deep (std::runtime_error with a message, a custom hierarchy, rethrow, nested
// try blocks, destructors run during unwinding): the unwinder, the personality routine, the
// exception allocation and std::string.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>
#include "common.h"

struct BadRecord : std::runtime_error {
    int code;
    BadRecord(const std::string &what, int code) : std::runtime_error(what), code(code) {}
};
struct BadDigit : BadRecord {
    using BadRecord::BadRecord;
};

static long destroyed;
struct Guard {          // counts the destructors the unwinding runs
    long *counter;
    explicit Guard(long *c) : counter(c) {}
    ~Guard() { ++*counter; }
};

static long digit(char c, int depth)
{
    Guard g(&destroyed);
    if (c < '0' || c > '9')
        throw BadDigit(std::string("not a digit: ") + c, depth);
    return c - '0';
}

static long number(const std::string &s, size_t &at, int depth)
{
    Guard g(&destroyed);
    long v = 0;
    do
        v = v * 10 + digit(s[at++], depth);
    while (at < s.size() && s[at] != ',' && s[at] != ']');
    return v;
}

static long list(const std::string &s, size_t &at, int depth)   // "[a,b,[c,d],...]"
{
    Guard g(&destroyed);
    if (depth > 40)
        throw std::length_error("too deep");
    long sum = 0;
    at++;                                                         // '['
    while (at < s.size() && s[at] != ']') {
        sum += s[at] == '[' ? list(s, at, depth + 1) : number(s, at, depth);
        if (at < s.size() && s[at] == ',')
            at++;
    }
    if (at >= s.size())
        throw BadRecord("unterminated list", depth);
    at++;                                                         // ']'
    return sum * 3 % 1000003;
}

static std::string record(unsigned &seed, int depth)
{
    std::string s = "[";
    for (int i = 0; i < 4; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned pick = seed >> 16;
        if (i)
            s += ',';
        if (depth < 6 && pick % 3 == 0)
            s += record(seed, depth + 1);
        else if (pick % 97 == 0)
            s += "4x2";                                             // a bad digit
        else
            s += std::to_string(pick % 1000);
    }
    if ((seed >> 8) % 211 == 0)
        return s;                                                   // unterminated
    return s + "]";
}

static long parse(const std::string &s)
{
    try {
        size_t at = 0;
        return list(s, at, 0);
    } catch (const BadDigit &e) {
        if (e.code > 3)
            throw;                                                  // deep ones go further up
        return -e.code;
    }
}

int main(int argc, char **argv)
{
    long records = scaled(bench_scale(argc, argv), 25000);
    unsigned seed = 5;
    long sum = 0, bad_digits = 0, bad_records = 0, rethrown = 0;
    size_t message_bytes = 0;
    for (long r = 0; r < records; r++) {
        std::string s = record(seed, 0);
        try {
            long v = parse(s);
            if (v < 0)
                bad_digits++;
            else
                sum += v;
        } catch (const BadDigit &e) {
            rethrown++;
            message_bytes += std::string(e.what()).size();
        } catch (const BadRecord &e) {
            bad_records++;
            message_bytes += std::string(e.what()).size() + (size_t)e.code;
        } catch (const std::exception &e) {
            message_bytes += 1000;
        }
    }
    std::printf("except: sum %ld, %ld bad digits caught near, %ld rethrown, %ld unterminated, %zu message bytes, "
                "%ld destructors, %ld records\n", sum, bad_digits, rethrown, bad_records, message_bytes, destroyed, records);
    return 0;
}
