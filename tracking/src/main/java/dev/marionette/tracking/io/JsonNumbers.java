package dev.marionette.tracking.io;

/** Fast fixed-decimal number output for JSON lines (no String.format, no garbage per number). */
final class JsonNumbers {
    private static final long[] POW10 = {1, 10, 100, 1000, 10000, 100000, 1000000};

    private JsonNumbers() {}

    /** Appends v rounded to the given decimals, trailing zeros dropped; NaN/infinite as null. */
    static void append(StringBuilder out, double v, int decimals) {
        if (!Double.isFinite(v)) {
            out.append("null");
            return;
        }
        long scale = POW10[decimals];
        long scaled = Math.round(Math.abs(v) * scale);
        if (scaled == 0) {
            out.append('0');
            return;
        }
        if (v < 0) out.append('-');
        long whole = scaled / scale;
        long fraction = scaled % scale;
        out.append(whole);
        if (fraction != 0) {
            int digits = decimals;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            for (long p = POW10[digits - 1]; p > fraction && p > 1; p /= 10) out.append('0');
            out.append(fraction);
        }
    }
}
