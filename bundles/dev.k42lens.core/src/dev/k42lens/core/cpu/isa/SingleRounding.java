package dev.k42lens.core.cpu.isa;

/**
 * Rounding a double-precision result to single precision, to nearest, without rounding twice: the
 * double differs from the exact result by less than half its own ulp, so only where it lies exactly
 * halfway between two singles does the exact result (its side of the double, {@code residual})
 * decide instead of ties-to-even.
 */
public final class SingleRounding {
    private SingleRounding() {
    }

    /** Whether {@code v} lies exactly halfway between two adjacent singles. */
    public static boolean isMidpoint(double v) {
        float f = (float) v;
        if (!Float.isFinite(f) || (double) f == v) {
            return false;
        }
        double other = v > f ? Math.nextUp(f) : Math.nextDown(f);
        return v - f == other - v;
    }

    /** The rounding error of {@code sum = a + b} (Knuth's two-sum): exact, so its sign is the exact sum's side of the double. */
    public static double sumError(double a, double b, double sum) {
        double bb = sum - a;
        return (a - (sum - bb)) + (b - bb);
    }

    /** {@code v} rounded to the nearest single; {@code residual}'s sign says where the exact value lies (0: exact). */
    public static float nearest(double v, double residual) {
        float f = (float) v;
        if (residual == 0 || !isMidpoint(v)) {
            return f;
        }
        float other = v > f ? Math.nextUp(f) : Math.nextDown(f);
        return (residual > 0) == (other > f) ? other : f;
    }
}
