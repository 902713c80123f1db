package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads single values of the spec tree, reporting a problem at the value's path instead of throwing. Each reader
 * returns null when the value is of the wrong type or out of range. Thread-safe (stateless).
 */
final class SpecValues {

    /** The longest string a spec may hold (paths included); names and labels are shorter by their pattern. */
    static final int MAX_TEXT_CHARS = 4096;
    /** Messages quote at most this much of a string. */
    private static final int DESCRIBED_CHARS = 100;

    private SpecValues() {}

    /** How a value appears in a message: strings quoted, numbers as written, containers by kind. */
    static String describe(JsonNode value) {
        if (value.isTextual()) {
            String text = value.textValue();
            return text.length() <= DESCRIBED_CHARS
                    ? "'" + text + "'"
                    : "'" + text.substring(0, DESCRIBED_CHARS) + "…' (" + text.length() + " characters)";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return value.asText();
    }

    static String text(JsonNode value, String path, Problems problems) {
        if (!value.isTextual()) {
            problems.add(path, "must be a string (quote it), was " + describe(value));
            return null;
        }
        if (value.textValue().isBlank()) {
            problems.add(path, "must not be blank");
            return null;
        }
        if (value.textValue().length() > MAX_TEXT_CHARS) {
            problems.add(
                    path,
                    "must be at most " + MAX_TEXT_CHARS + " characters, was "
                            + value.textValue().length());
            return null;
        }
        return value.textValue();
    }

    static Long integer(JsonNode value, String path, IntRange range, Problems problems) {
        if (!value.isNumber() || !value.canConvertToExactIntegral()) {
            problems.add(path, "must be an integer, was " + describe(value));
            return null;
        }
        boolean fits = value.canConvertToLong();
        boolean tooLow =
                fits ? value.longValue() < range.min() : value.bigIntegerValue().signum() < 0;
        boolean tooHigh =
                fits ? value.longValue() > range.max() : value.bigIntegerValue().signum() > 0;
        if (tooLow || tooHigh) {
            problems.add(path, range.describe(tooLow) + ", was " + value.asText());
            return null;
        }
        return value.longValue();
    }

    static Double number(JsonNode value, String path, Range range, Problems problems) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            problems.add(path, "must be a number, was " + describe(value));
            return null;
        }
        if (!range.contains(value.doubleValue())) {
            problems.add(path, range.describe() + ", was " + value.asText());
            return null;
        }
        return value.doubleValue();
    }

    static Boolean flag(JsonNode value, String path, Problems problems) {
        if (!value.isBoolean()) {
            problems.add(path, "must be true or false, was " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    /** The elements of a list; a single scalar stands for a one-element list. Null when it is not a list. */
    static List<JsonNode> elements(JsonNode value, String path, Problems problems) {
        if (value.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            value.elements().forEachRemaining(elements::add);
            return elements;
        }
        if (value.isValueNode()) {
            return List.of(value);
        }
        problems.add(path, "must be a list, was " + describe(value));
        return null;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    /** Inclusive integer bounds; a maximum of the type's largest value means no stated upper bound. */
    record IntRange(long min, long max) {

        /** From {@code min} to the largest int (values are read into int fields). */
        static IntRange atLeast(long min) {
            return new IntRange(min, Integer.MAX_VALUE);
        }

        String describe(boolean tooLow) {
            if (max != Integer.MAX_VALUE && max != Long.MAX_VALUE) {
                return "must be between " + min + " and " + max;
            }
            return tooLow ? "must be >= " + min : "must be <= " + max;
        }
    }

    /** Bounds of a real value; an infinite {@code max} means unbounded above. */
    record Range(double min, boolean minOpen, double max, boolean maxOpen) {

        static final Range POSITIVE = new Range(0, true, Double.POSITIVE_INFINITY, false);
        static final Range NON_NEGATIVE = new Range(0, false, Double.POSITIVE_INFINITY, false);
        static final Range UNIT = new Range(0, false, 1, false);
        static final Range FRACTION = new Range(0, true, 1, false);
        /** Learning rates above 10 diverge at once; the bound catches a misplaced exponent. */
        static final Range LEARNING_RATE = new Range(0, true, 10, false);

        static final Range MIN_LEARNING_RATE = new Range(0, false, 10, false);
        static final Range WEIGHT_DECAY = new Range(0, false, 10, false);
        /** Loss weights and temperatures: far above any useful value, still finite arithmetic. */
        static final Range LOSS_WEIGHT = new Range(0, false, 1000, false);

        static final Range TEMPERATURE = new Range(0, true, 1000, false);

        boolean contains(double value) {
            boolean aboveMin = minOpen ? value > min : value >= min;
            boolean belowMax = maxOpen ? value < max : value <= max;
            return aboveMin && belowMax;
        }

        String describe() {
            if (Double.isInfinite(max)) {
                return "must be " + (minOpen ? "> " : ">= ") + plain(min);
            }
            return "must be in " + (minOpen ? "(" : "[") + plain(min) + ", " + plain(max) + (maxOpen ? ")" : "]");
        }

        private static String plain(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
