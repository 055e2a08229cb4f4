package dev.ferry.cli.inspect;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.value.ModuleIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Binary-safe JSON: a Redis string is a JSON string when it is valid UTF-8, else {@code {"b64": ...}}. */
final class JsonValues {
    private JsonValues() {}

    static void writeBytes(JsonGenerator gen, byte[] b) throws IOException {
        String s = utf8OrNull(b);
        if (s != null) {
            gen.writeString(s);
        } else {
            gen.writeStartObject();
            gen.writeStringField("b64", Base64.getEncoder().encodeToString(b));
            gen.writeEndObject();
        }
    }

    /** JSON object keys cannot be objects, so a binary hash field becomes {@code "b64:<base64>"}. */
    static void writeFieldName(JsonGenerator gen, byte[] b) throws IOException {
        String s = utf8OrNull(b);
        gen.writeFieldName(s != null ? s : "b64:" + Base64.getEncoder().encodeToString(b));
    }

    static String utf8OrNull(byte[] b) {
        boolean ascii = true;
        for (byte x : b) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String moduleName(byte[] rawModuleValue) {
        return ModuleIds.typeName(RdbInput.of(rawModuleValue).readLength());
    }
}
