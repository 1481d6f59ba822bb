// virtual: C++ virtual calls: a scene of 4,096 shapes of six classes behind base-class pointers
// (area, perimeter, scale, a visitor with double dispatch), std::vector and std::unique_ptr,
// std::sort with a lambda: indirect calls through vtables, small object allocation.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>
#include "common.h"

struct Circle; struct Square; struct Rect; struct Triangle; struct Ring; struct Polygon;

struct Visitor {
    virtual ~Visitor() = default;
    virtual void visit(const Circle &) = 0;
    virtual void visit(const Square &) = 0;
    virtual void visit(const Rect &) = 0;
    virtual void visit(const Triangle &) = 0;
    virtual void visit(const Ring &) = 0;
    virtual void visit(const Polygon &) = 0;
};

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual double perimeter() const = 0;
    virtual void scale(double factor) = 0;
    virtual void accept(Visitor &v) const = 0;
    virtual int corners() const { return 0; }
};

struct Circle : Shape {
    double r;
    explicit Circle(double r) : r(r) {}
    double area() const override { return M_PI * r * r; }
    double perimeter() const override { return 2 * M_PI * r; }
    void scale(double f) override { r *= f; }
    void accept(Visitor &v) const override { v.visit(*this); }
};

struct Square : Shape {
    double side;
    explicit Square(double s) : side(s) {}
    double area() const override { return side * side; }
    double perimeter() const override { return 4 * side; }
    void scale(double f) override { side *= f; }
    void accept(Visitor &v) const override { v.visit(*this); }
    int corners() const override { return 4; }
};

struct Rect : Shape {
    double w, h;
    Rect(double w, double h) : w(w), h(h) {}
    double area() const override { return w * h; }
    double perimeter() const override { return 2 * (w + h); }
    void scale(double f) override { w *= f; h *= f; }
    void accept(Visitor &v) const override { v.visit(*this); }
    int corners() const override { return 4; }
};

struct Triangle : Shape {
    double a, b, c;
    Triangle(double a, double b, double c) : a(a), b(b), c(c) {}
    double area() const override { double s = (a + b + c) / 2; return std::sqrt(s * (s - a) * (s - b) * (s - c)); }
    double perimeter() const override { return a + b + c; }
    void scale(double f) override { a *= f; b *= f; c *= f; }
    void accept(Visitor &v) const override { v.visit(*this); }
    int corners() const override { return 3; }
};

struct Ring : Circle {
    double inner;
    Ring(double r, double inner) : Circle(r), inner(inner) {}
    double area() const override { return Circle::area() - M_PI * inner * inner; }
    double perimeter() const override { return Circle::perimeter() + 2 * M_PI * inner; }
    void scale(double f) override { Circle::scale(f); inner *= f; }
    void accept(Visitor &v) const override { v.visit(*this); }
};

struct Polygon : Shape {
    int n;
    double side;
    Polygon(int n, double side) : n(n), side(side) {}
    double area() const override { return n * side * side / (4 * std::tan(M_PI / n)); }
    double perimeter() const override { return n * side; }
    void scale(double f) override { side *= f; }
    void accept(Visitor &v) const override { v.visit(*this); }
    int corners() const override { return n; }
};

struct Tally : Visitor {
    double round = 0, straight = 0;
    long counts[6] = {};
    void visit(const Circle &c) override { round += c.r; counts[0]++; }
    void visit(const Square &s) override { straight += s.side; counts[1]++; }
    void visit(const Rect &r) override { straight += r.w - r.h; counts[2]++; }
    void visit(const Triangle &t) override { straight += t.c; counts[3]++; }
    void visit(const Ring &r) override { round += r.r - r.inner; counts[4]++; }
    void visit(const Polygon &p) override { straight += p.n; counts[5]++; }
};

int main(int argc, char **argv)
{
    long rounds = scaled(bench_scale(argc, argv), 50);
    unsigned seed = 17;
    auto next = [&seed]() { seed = seed * 1103515245u + 12345u; return 1.0 + (seed >> 16) % 1000 / 250.0; };
    std::vector<std::unique_ptr<Shape>> scene;
    double total = 0;
    long corners = 0;
    Tally tally;
    for (long r = 0; r < rounds; r++) {
        scene.clear();
        for (int i = 0; i < 4096; i++) {
            switch ((seed >> 20) % 6) {
            case 0: scene.push_back(std::make_unique<Circle>(next())); break;
            case 1: scene.push_back(std::make_unique<Square>(next())); break;
            case 2: scene.push_back(std::make_unique<Rect>(next(), next())); break;
            case 3: { double a = next(), b = next(); scene.push_back(std::make_unique<Triangle>(a, b, (a + b) * 0.75)); break; }
            case 4: { double o = next(); scene.push_back(std::make_unique<Ring>(o + 1, o)); break; }
            default: scene.push_back(std::make_unique<Polygon>(5 + i % 4, next())); break;
            }
            next();
        }
        for (int pass = 0; pass < 8; pass++) {
            for (auto &s : scene) {
                total += s->area() / s->perimeter();
                corners += s->corners();
                s->scale(pass & 1 ? 0.5 : 2.0);
                s->accept(tally);
            }
        }
        std::sort(scene.begin(), scene.end(), [](const auto &a, const auto &b) { return a->area() < b->area(); });
        total += scene.front()->area() + scene.back()->perimeter();
    }
    std::printf("virtual: total %.9e corners %ld round %.6f straight %.6f counts %ld %ld %ld %ld %ld %ld, %ld rounds\n", total,
                corners, tally.round, tally.straight, tally.counts[0], tally.counts[1], tally.counts[2], tally.counts[3],
                tally.counts[4], tally.counts[5], rounds);
    return 0;
}
