package io.swanledger.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times as a page shows them: ISO-8601 with the offset, in the zone chosen ({@code tz=utc} or
 * {@code tz=site}, the site's zone by default) and named beside every field. An input without an
 * offset (a {@code datetime-local} field) is read in that zone; URLs always carry the offset, so a
 * link means the same thing tomorrow and in another zone.
 */
final class Times {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final ZoneId zone;
    private final String tz;
    private final ZoneId site;

    Times(String tz, ZoneId site) {
        this.tz = "utc".equals(tz) ? "utc" : "site";
        this.site = site;
        this.zone = "utc".equals(this.tz) ? ZoneOffset.UTC : site;
    }

    /** {@code utc} or {@code site}: the value of the {@code tz} parameter. */
    public String tz() {
        return tz;
    }

    public String other() {
        return "utc".equals(tz) ? "site" : "utc";
    }

    /** The zone's name as shown beside fields: "UTC" or "Asia/Tokyo (+09:00)". */
    public String zoneName() {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return "UTC";
        }
        return zone.getId() + " (" + zone.getRules().getOffset(Instant.now()).getId().replace("Z", "+00:00") + ")";
    }

    /** Whether there is another zone to switch to (a site in UTC has none). */
    public boolean switchable() {
        return !site.normalized().equals(ZoneOffset.UTC);
    }

    public String siteName() {
        return site.getId();
    }

    ZoneId zone() {
        return zone;
    }

    /** An instant as recorded (ISO text), shown in the zone; blank for none. */
    public String show(Object iso) {
        if (iso == null || iso.toString().isBlank()) {
            return "";
        }
        try {
            return SHOWN.format(Instant.parse(iso.toString()).atZone(zone));
        } catch (DateTimeParseException e) {
            return iso.toString();
        }
    }

    public String show(Instant at) {
        return at == null ? "" : SHOWN.format(at.atZone(zone));
    }

    /** The value for a {@code datetime-local} field. */
    public String input(Instant at) {
        return at == null ? "" : INPUT.format(at.atZone(zone));
    }

    /** A duration in seconds as "1 h 02 min 05 s". */
    public String duration(Object seconds) {
        if (!(seconds instanceof Number n)) {
            return "";
        }
        long s = n.longValue();
        return s >= 3600 ? String.format("%d h %02d min %02d s", s / 3600, s % 3600 / 60, s % 60)
                : s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
    }

    /**
     * An instant typed or linked: with an offset as given, without one in the zone shown. Null when
     * blank; a {@link QuerySide.BadInput} naming the field when it is no time.
     */
    Instant parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        // a '+' of an offset that a link left unencoded arrives as a space
        text = text.strip().replaceFirst(" (\\d{2}:\\d{2})$", "+$1");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new QuerySide.BadInput(field + ": is not a date and time such as 2026-03-12T14:05:00+09:00");
            }
        }
    }

    /** The instant as a URL carries it: ISO-8601 with the zone's offset. */
    String link(Instant at) {
        return at == null ? null : SHOWN.format(at.atZone(zone));
    }

    /** Midnight, in the zone shown, of the day {@code at} falls in. */
    Instant startOfDay(Instant at) {
        LocalDate d = at.atZone(zone).toLocalDate();
        return d.atStartOfDay(zone).toInstant();
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES);
    }

    static Instant ago(Duration d) {
        return now().minus(d);
    }
}
