package io.swanledger.query;

import java.util.List;
import java.util.Map;

/** RFC 4180 rows; a cell that a spreadsheet would run as a formula is prefixed with a quote. */
final class Csv {

    private Csv() {
    }

    static String row(List<String> columns, Map<?, ?> source) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(value(source, columns.get(i))));
        }
        return b.append('\n').toString();
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** A dotted path into nested maps; {@code @timestamp} is a top-level key. */
    static Object value(Map<?, ?> source, String path) {
        if (source == null) {
            return null;
        }
        if (source.containsKey(path)) {
            return source.get(path);
        }
        Object current = source;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(part);
        }
        return current;
    }
}
