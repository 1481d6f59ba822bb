// cxx: C++ exceptions across frames, destructors during unwinding, rethrow,
// iostream formatting and a few standard containers and algorithms.
#include <algorithm>
#include <cctype>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

static std::vector<std::string> events;

struct Guard {
    std::string name;
    explicit Guard(std::string n) : name(std::move(n)) { events.push_back("ctor " + name); }
    ~Guard() { events.push_back("dtor " + name); }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

__attribute__((noinline)) static int level3(int x)
{
    Guard g("level3");
    if (x > 2)
        throw MyError("too big: " + std::to_string(x), x);
    return x * 10;
}

__attribute__((noinline)) static int level2(int x)
{
    Guard g("level2");
    std::vector<int> scratch(100, x);
    return level3(x) + scratch[5];
}

__attribute__((noinline)) static int level1(int x)
{
    Guard g("level1");
    try {
        return level2(x);
    } catch (const MyError &e) {
        events.push_back(std::string("level1 caught, rethrowing: ") + e.what());
        throw;
    }
}

static void flush_events()
{
    for (const auto &e : events)
        std::cout << "  " << e << '\n';
    events.clear();
}

static void exceptions()
{
    std::cout << "-- exceptions\n";
    std::cout << "level1(2) = " << level1(2) << '\n';
    flush_events();
    try {
        level1(7);
        std::cout << "not reached\n";
    } catch (const MyError &e) {
        std::cout << "main caught MyError what=\"" << e.what() << "\" code=" << e.code << '\n';
    }
    flush_events();

    try {
        throw std::runtime_error("plain runtime_error");
    } catch (const std::exception &e) {
        std::cout << "caught via std::exception&: " << e.what() << '\n';
    }
    try {
        std::vector<int> v(3);
        (void)v.at(10);
    } catch (const std::out_of_range &) {
        std::cout << "vector::at threw out_of_range\n";
    }
    try {
        throw 42;
    } catch (int i) {
        std::cout << "caught int " << i << '\n';
    }
    try {
        try {
            throw std::logic_error("inner");
        } catch (...) {
            std::cout << "catch(...) then throw a different one\n";
            throw std::invalid_argument("outer");
        }
    } catch (const std::invalid_argument &e) {
        std::cout << "caught invalid_argument: " << e.what() << '\n';
    }
    std::exception_ptr ep;
    try {
        throw std::length_error("stored");
    } catch (...) {
        ep = std::current_exception();
    }
    try {
        std::rethrow_exception(ep);
    } catch (const std::length_error &e) {
        std::cout << "rethrow_exception gave: " << e.what() << '\n';
    }
    int caught = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            if (i % 3 == 0)
                throw i;
        } catch (int) {
            caught++;
        }
    }
    std::cout << "caught in loop: " << caught << '\n';
    {
        auto p = std::make_unique<Guard>("unique");
        std::shared_ptr<Guard> s = std::make_shared<Guard>("shared");
        auto s2 = s;
        std::cout << "shared use_count=" << s.use_count() << '\n';
    }
    flush_events();
}

static void streams()
{
    std::cout << "-- iostreams\n";
    std::cout << '[' << std::setw(8) << 42 << "] [" << std::left << std::setw(8) << 42 << std::right << "] ["
              << std::setfill('*') << std::setw(8) << -42 << std::setfill(' ') << "]\n";
    std::cout << std::hex << 255 << ' ' << std::showbase << 255 << ' ' << std::uppercase << 255 << std::nouppercase
              << std::noshowbase << std::dec << ' ' << std::oct << 8 << std::dec << '\n';
    std::cout << std::fixed << std::setprecision(3) << 3.14159265 << ' ' << -0.0005 << ' ' << 1e10 << '\n';
    std::cout << std::scientific << std::setprecision(4) << 123456.789 << ' ' << 1e-300 << '\n';
    std::cout.unsetf(std::ios::floatfield);
    std::cout << std::setprecision(6) << 0.1 << ' ' << 1.0 / 3 << ' ' << 1e21 << ' ' << 100.0 << '\n';
    std::cout << std::boolalpha << true << ' ' << false << std::noboolalpha << ' ' << true << '\n';
    std::ostringstream os;
    os << "pi~" << std::setprecision(10) << 3.14159265358979 << ", n=" << std::setw(5) << std::setfill('0') << 7;
    std::cout << "ostringstream: " << os.str() << '\n';
    std::istringstream is("17 -4 2.5 word 0x1f");
    int a, b;
    double c;
    std::string w;
    int h;
    is >> a >> b >> c >> w >> std::hex >> h;
    std::cout << "istringstream: " << a << ' ' << b << ' ' << c << ' ' << w << ' ' << h << '\n';
}

static void containers()
{
    std::cout << "-- containers\n";
    std::string s = "The quick brown fox";
    s += " jumps over the lazy dog";
    std::cout << "string size=" << s.size() << " find(fox)=" << s.find("fox") << " substr=" << s.substr(4, 5)
              << " rfind(o)=" << s.rfind('o') << '\n';
    std::string up = s;
    std::transform(up.begin(), up.end(), up.begin(), [](unsigned char ch) { return (char)std::toupper(ch); });
    std::cout << "upper: " << up << '\n';

    std::vector<int> v;
    for (int i = 0; i < 20; i++)
        v.push_back((i * 37 + 11) % 23 - 10);
    std::sort(v.begin(), v.end());
    std::cout << "sorted:";
    for (int x : v)
        std::cout << ' ' << x;
    std::cout << "\nsum=" << std::accumulate(v.begin(), v.end(), 0) << " unique count=";
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::cout << v.size() << " binary_search(5)=" << std::binary_search(v.begin(), v.end(), 5) << '\n';

    std::vector<std::string> words = {"delta", "alpha", "charlie", "bravo", "echo", "alpha"};
    std::sort(words.begin(), words.end(), [](const std::string &x, const std::string &y) {
        return x.size() != y.size() ? x.size() < y.size() : x < y;
    });
    std::cout << "by length:";
    for (const auto &x : words)
        std::cout << ' ' << x;
    std::cout << '\n';

    std::map<std::string, int> counts;
    std::istringstream text("a rose is a rose is a rose");
    for (std::string t; text >> t;)
        counts[t]++;
    for (const auto &kv : counts)
        std::cout << "count[" << kv.first << "]=" << kv.second << '\n';
    std::map<int, std::string> m = {{3, "three"}, {1, "one"}, {2, "two"}};
    m.erase(2);
    m[10] = "ten";
    std::cout << "map:";
    for (const auto &kv : m)
        std::cout << ' ' << kv.first << '=' << kv.second;
    std::cout << " lower_bound(5)=" << m.lower_bound(5)->first << '\n';
}

int main()
{
    exceptions();
    streams();
    containers();
    std::cout << "done" << std::endl;
    return 0;
}
