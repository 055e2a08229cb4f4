package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Numbers read off the summary that {@code ferry run} prints at the end. */
public final class Summary {
    private Summary() {}

    /** The number after {@code label}, e.g. {@code count(out, "keys written")}. */
    public static long count(String output, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+([0-9,]+)").matcher(output);
        assertThat(m.find()).as("'%s' in the summary:\n%s", label, output).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
