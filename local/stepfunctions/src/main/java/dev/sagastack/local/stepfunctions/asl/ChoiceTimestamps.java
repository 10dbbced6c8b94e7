package dev.sagastack.local.stepfunctions.asl;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** RFC 3339 timestamps as ASL requires them: an uppercase T separator and an explicit offset or Z. */
public final class ChoiceTimestamps {
    private static final Pattern SHAPE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");

    private ChoiceTimestamps() {
    }

    /** The parsed timestamp, or null when the text is not an RFC 3339 date-time. */
    public static OffsetDateTime parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
