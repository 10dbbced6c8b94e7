package dev.sagastack.local.iam.sigv4;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The ISO-8601 basic format of X-Amz-Date: {@code 20150830T123600Z}. */
final class AmzDates {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AmzDates() {
    }

    static Optional<Instant> parse(String value) {
        if (value == null || value.length() != 16) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(FORMAT.parse(value)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static String describe(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min." : seconds + " sec.";
    }
}
