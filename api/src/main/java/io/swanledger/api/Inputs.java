package io.swanledger.api;

/** Small helpers shared by the value types' validation. */
public final class Inputs {

    /** Longest prefix of a rejected input quoted back in an error message. */
    static final int QUOTE_LIMIT = 48;

    private Inputs() {
    }

    /** Fails with a clear message when {@code value} is null. */
    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, "is required");
        }
        return value;
    }

    /** Fails when the text is null, empty, longer than {@code max}, or contains control characters. */
    public static String text(String field, String value, int max) {
        required(field, value);
        if (value.isEmpty()) {
            throw new InvalidValueException(field, "must not be empty");
        }
        if (value.length() > max) {
            throw new InvalidValueException(field, "is " + value.length() + " characters long, at most " + max + " allowed", value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new InvalidValueException(field, "contains a control character at position " + i, value);
            }
        }
        return value;
    }

    /**
     * A printable, bounded rendering of untrusted input for error messages: control characters are
     * escaped as \\uXXXX and anything past {@link #QUOTE_LIMIT} characters is cut.
     */
    public static String quote(Object input) {
        if (input == null) {
            return "null";
        }
        String s = String.valueOf(input);
        StringBuilder out = new StringBuilder("\"");
        int n = Math.min(s.length(), QUOTE_LIMIT);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || (c >= 0x80 && Character.isISOControl(c))
                    || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (s.length() > n) {
            out.append("… (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
