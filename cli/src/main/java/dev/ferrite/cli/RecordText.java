package dev.ferrite.cli;

import dev.ferrite.runtime.json.Json;
import java.util.List;
import java.util.Map;

/** Decoded values ({@link RecordDecoder}) as compact text, for {@code ferrite dump} without {@code --json}. */
final class RecordText {
    private RecordText() {}

    /** {@code value} on one line: strings quoted, references as {@code @offset}, enum constants bare. */
    static String of(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> map -> {
                StringBuilder text = new StringBuilder("{");
                map.forEach((key, field) -> text.append(text.length() > 1 ? ", " : "").append(key).append(" = ")
                        .append(of(field)));
                yield text.append('}').toString();
            }
            case List<?> list -> list.stream().map(RecordText::of).toList().toString();
            case RecordDecoder.Reference reference -> "@" + reference.offset();
            case RecordDecoder.Constant constant -> constant.name();
            case String string -> Json.quote(string);
            default -> value.toString();
        };
    }
}
