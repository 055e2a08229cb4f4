package dev.ferry.rdb.encoding;

import static dev.ferry.rdb.encoding.TestBytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.RdbFormatException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScoreTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0",
        "-0.0 | -0",
        "0.1 | 0.1",
        "-2.5 | -2.5",
        "1 | 1",
        "100 | 100",
        "0.3333333333333333 | 0.3333333333333333",
        "0.30000000000000004 | 0.30000000000000004",
        "1e21 | 1e+21",
        "1e22 | 1e+22",
        "1.5e20 | 1.5e+20",
        "1e19 | 1e+19",
        "1e18 | 1000000000000000000",
        "123456789012345678 | 123456789012345680",
        "9007199254740992 | 9007199254740992",
        "4611686018427387904 | 4611686018427387904",
        "-4611686018427387904 | -4611686018427387904",
        "6917529027641081856 | 6917529027641082000",
        "9223372036854775808 | 9223372036854776000",
        "1e23 | 99999999999999990000000",
        "5e-324 | 5e-324",
        "1.7976931348623157e308 | 1.7976931348623157e+308",
        "-1.7976931348623157e308 | -1.7976931348623157e+308",
        "2.2250738585072014e-308 | 2.2250738585072014e-308",
        "1e-300 | 1e-300",
        "1e-7 | 1e-7",
        "-1e-7 | -1e-7",
        "1.5e-7 | 1.5e-7",
        "1e-6 | 0.000001",
        "0.000123 | 0.000123",
        "1.234567890123e-4 | 1.234567890123e-4",
        "0.001234567890123 | 0.001234567890123",
        "123.456 | 123.456",
        "12345678.9 | 12345678.9",
        "1e100 | 1e+100",
        "2.9802322387695312e-8 | 2.9802322387695313e-8",
        "3.1516e-91 | 3.1516000000000003e-91",
        "Infinity | inf",
        "-Infinity | -inf",
        "NaN | nan",
    })
    void formatsLikeRedisD2string(String input, String expected) {
        assertThat(ScoreText.format(Double.parseDouble(input))).isEqualTo(expected);
    }

    @Test
    void integersUpToTwoToThe53PrintAsIntegers() {
        Random r = new Random(9);
        for (int i = 0; i < 10000; i++) {
            long v = r.nextLong() >> (11 + r.nextInt(50));
            assertThat(ScoreText.format(v)).isEqualTo(Long.toString(v));
        }
        assertThat(ScoreText.format(0x1p53)).isEqualTo("9007199254740992");
        assertThat(ScoreText.format(-0x1p53)).isEqualTo("-9007199254740992");
    }

    /** Outputs of Redis' own fpconv_dtoa + d2string, including doubles where Grisu2 is not the shortest text. */
    @Test
    void matchesSamplesProducedByRedisCode() throws Exception {
        int rows = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("redis-d2string-samples.tsv"), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
                assertThat(ScoreText.format(d)).as("bits %s", f[0]).isEqualTo(f[1]);
                rows++;
            }
        }
        assertThat(rows).isGreaterThan(1000);
    }

    @Test
    void formatRoundTripsThroughParse() {
        Random r = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble() * Math.pow(10, r.nextInt(60) - 30);
            if (Double.isNaN(d)) {
                continue;
            }
            byte[] text = ascii(ScoreText.format(d));
            double back = ScoreText.parse(text, 0, text.length);
            assertThat(Double.doubleToRawLongBits(back)).as("%s", new String(text)).isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    private static double parse(String s) {
        byte[] b = ascii(s);
        return ScoreText.parse(b, 0, b.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "+1", "2.5", "-2.5", ".5", "5.", "0.10000000000000001", "1.5e+20", "1.5E20", "1e-7",
        "5e-324", "4.9406564584124654e-324", "1.7976931348623157e+308", "2.2250738585072014e-308", "123456789012345678",
        "123456789012345678901234567890", "0.000000000000000000000000000001", "3.1415926535897931", "9007199254740993",
        "-0.0", "00000.00001", "1e0", "1e-0", "1e400", "1e-400", "100000000000000000000000", "12345678901234567e-40", "9322552198172377000", "99999999999999999999", "18446744073709551616"})
    void parsesDecimalsExactlyLikeJava(String s) {
        assertThat(Double.doubleToRawLongBits(parse(s))).as(s).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }

    @Test
    void parsesRedis70PercentSeventeenGScores() {
        Random r = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            double d = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            String g = String.format(Locale.ROOT, "%.17g", d);
            assertThat(parse(g)).as(g).isEqualTo(d);
        }
    }

    @Test
    void parsesSpecialValues() {
        assertThat(parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("INF")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("nan")).isNaN();
        assertThat(parse("NaN")).isNaN();
        assertThat(1 / parse("-0")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void parseHonoursOffsetAndLength() {
        byte[] b = ascii("xx-12.75yy");
        assertThat(ScoreText.parse(b, 2, 6)).isEqualTo(-12.75);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", ".", "e5", "abc", "1.2.3", "1e", "1e+", "1e-", " 1", "1 ", "0x1p3", "0x10", "infx", "in",
        "1d", "1f", "1D", "nanx", "Infinit", "--1", "1-", "1e5.5", "1,5", "∞"})
    void rejectsNonNumbers(String s) {
        assertThatThrownBy(() -> parse(s)).isInstanceOf(RdbFormatException.class).hasMessageContaining("is not a number");
    }
}
