package io.sportsfeeds.app.local.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts a duration option to whole seconds: {@code 20}, {@code 20s}, {@code 2m}. */
final class Seconds implements ITypeConverter<Long> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(s|m|min)?");

    @Override
    public Long convert(String value) {
        Matcher matcher = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new TypeConversionException("expected whole seconds like 20, 20s or 2m, was '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2) == null || matcher.group(2).equals("s") ? amount : amount * 60;
    }
}
