package io.swanledger.jvici;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An immutable VICI message: an ordered sequence of named entries, each a value (bytes), a list of
 * values, or a nested section. Values are binary-safe; the typed accessors read them as UTF-8 text or
 * numbers. Thread-safe. Build one with {@link #builder()}.
 *
 * <pre>{@code
 * ViciMessage m = ViciMessage.builder()
 *         .put("ike", "rw-eap").put("timeout", 2000)
 *         .section("child", c -> c.put("mode", "TUNNEL").list("local-ts", "10.2.0.0/16"))
 *         .build();
 * String ike = m.string("ike");
 * }</pre>
 */
public final class ViciMessage {

    public static final ViciMessage EMPTY = new ViciMessage(List.of());

    /** What an entry holds. */
    public enum Kind { VALUE, LIST, SECTION }

    /** One named entry. */
    public static final class Entry {
        private final String name;
        private final Kind kind;
        private final byte[] value;
        private final List<byte[]> list;
        private final ViciMessage section;

        private Entry(String name, Kind kind, byte[] value, List<byte[]> list, ViciMessage section) {
            this.name = name;
            this.kind = kind;
            this.value = value;
            this.list = list;
            this.section = section;
        }

        public String name() {
            return name;
        }

        public Kind kind() {
            return kind;
        }

        /** The raw value (a copy), for {@link Kind#VALUE}. */
        public byte[] value() {
            return value == null ? null : value.clone();
        }

        /** The raw list items (copies), for {@link Kind#LIST}. */
        public List<byte[]> list() {
            return list == null ? null : list.stream().map(byte[]::clone).toList();
        }

        public ViciMessage section() {
            return section;
        }

        byte[] rawValue() {
            return value;
        }

        List<byte[]> rawList() {
            return list;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Entry e) || !name.equals(e.name) || kind != e.kind) {
                return false;
            }
            return switch (kind) {
                case VALUE -> Arrays.equals(value, e.value);
                case SECTION -> section.equals(e.section);
                case LIST -> {
                    if (list.size() != e.list.size()) {
                        yield false;
                    }
                    for (int i = 0; i < list.size(); i++) {
                        if (!Arrays.equals(list.get(i), e.list.get(i))) {
                            yield false;
                        }
                    }
                    yield true;
                }
            };
        }

        @Override
        public int hashCode() {
            int h = name.hashCode() * 31 + kind.hashCode();
            return switch (kind) {
                case VALUE -> h * 31 + Arrays.hashCode(value);
                case SECTION -> h * 31 + section.hashCode();
                case LIST -> {
                    for (byte[] item : list) {
                        h = h * 31 + Arrays.hashCode(item);
                    }
                    yield h;
                }
            };
        }
    }

    private final List<Entry> entries;

    private ViciMessage(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The first entry with that name. */
    public Optional<Entry> entry(String name) {
        for (Entry e : entries) {
            if (e.name.equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public boolean has(String name) {
        return entry(name).isPresent();
    }

    /** The value as UTF-8 text, or empty when absent or not a value. */
    public Optional<String> optString(String name) {
        return entry(name).filter(e -> e.kind == Kind.VALUE).map(e -> new String(e.value, StandardCharsets.UTF_8));
    }

    /** The value as UTF-8 text; fails when absent. */
    public String string(String name) {
        return optString(name).orElseThrow(() -> new IllegalStateException("no value '" + name + "' in " + this));
    }

    /** The value as a decimal number, or empty when absent. */
    public Optional<Long> optLong(String name) {
        return optString(name).map(s -> {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("value '" + name + "' is not a number: " + s);
            }
        });
    }

    public long longValue(String name) {
        return optLong(name).orElseThrow(() -> new IllegalStateException("no value '" + name + "' in " + this));
    }

    /** {@code yes}/{@code no} as charon writes booleans; empty when absent. */
    public Optional<Boolean> optBoolean(String name) {
        return optString(name).map(s -> s.equals("yes") || s.equals("true") || s.equals("1"));
    }

    /** The list's items as UTF-8 text; an empty list when absent. */
    public List<String> strings(String name) {
        return entry(name).filter(e -> e.kind == Kind.LIST)
                .map(e -> e.list.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList())
                .orElse(List.of());
    }

    public Optional<ViciMessage> optSection(String name) {
        return entry(name).filter(e -> e.kind == Kind.SECTION).map(Entry::section);
    }

    public ViciMessage section(String name) {
        return optSection(name).orElseThrow(() -> new IllegalStateException("no section '" + name + "' in " + this));
    }

    /** The nested sections in order, e.g. the IKE_SAs of a list-sa event keyed by connection name. */
    public List<Entry> sections() {
        return entries.stream().filter(e -> e.kind == Kind.SECTION).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViciMessage m && entries.equals(m.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** A readable rendering, values as text (non-printable bytes escaped). Not a wire format. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        render(sb);
        return sb.toString();
    }

    private void render(StringBuilder sb) {
        sb.append('{');
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(e.name).append('=');
            switch (e.kind) {
                case VALUE -> text(sb, e.value);
                case SECTION -> e.section.render(sb);
                case LIST -> {
                    sb.append('[');
                    for (int k = 0; k < e.list.size(); k++) {
                        if (k > 0) {
                            sb.append(", ");
                        }
                        text(sb, e.list.get(k));
                    }
                    sb.append(']');
                }
            }
        }
        sb.append('}');
    }

    private static void text(StringBuilder sb, byte[] b) {
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
    }

    /** Builds a message; checks the protocol's limits as entries are added. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        public Builder put(String name, String value) {
            return put(name, value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder put(String name, long value) {
            return put(name, Long.toString(value));
        }

        public Builder put(String name, boolean value) {
            return put(name, value ? "yes" : "no");
        }

        public Builder put(String name, byte[] value) {
            checkValue(value);
            entries.add(new Entry(checkName(name), Kind.VALUE, value.clone(), null, null));
            return this;
        }

        public Builder list(String name, String... items) {
            List<byte[]> raw = new ArrayList<>();
            for (String s : items) {
                raw.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return listBytes(name, raw);
        }

        public Builder list(String name, List<String> items) {
            return list(name, items.toArray(String[]::new));
        }

        public Builder listBytes(String name, List<byte[]> items) {
            List<byte[]> copy = new ArrayList<>();
            for (byte[] b : items) {
                checkValue(b);
                copy.add(b.clone());
            }
            entries.add(new Entry(checkName(name), Kind.LIST, null, Collections.unmodifiableList(copy), null));
            return this;
        }

        public Builder section(String name, ViciMessage section) {
            entries.add(new Entry(checkName(name), Kind.SECTION, null, null, section));
            return this;
        }

        public Builder section(String name, Consumer<Builder> content) {
            Builder b = new Builder();
            content.accept(b);
            return section(name, b.build());
        }

        public ViciMessage build() {
            return entries.isEmpty() ? EMPTY : new ViciMessage(new ArrayList<>(entries));
        }

        static String checkName(String name) {
            int n = name.getBytes(StandardCharsets.UTF_8).length;
            if (n < 1 || n > 255) {
                throw new IllegalArgumentException("VICI names are 1–255 bytes, not " + n);
            }
            return name;
        }

        static void checkValue(byte[] value) {
            if (value.length > 65_535) {
                throw new IllegalArgumentException("VICI values are at most 65,535 bytes, not " + value.length);
            }
        }
    }
}
