package dev.ferrite.runtime.collection;

import java.util.Random;

/** Random string keys that reach every path of the key format. */
public final class StringKeys {
    private static final String[] PIECES = {
        "a", "b", "z", "A", "0", " ", "-", "\u00e9", "\u00ff", "\u0100", "\u07ff", "\u0800", "\u4e2d",
        "\ud7ff", "\ue000", "\uf8ff", "\uffee", "\uffff", "\ud800\udc00", "\ud83d\ude00", "\udbff\udfff"
    };

    private StringKeys() {}

    public static String random(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> pieces(random, random.nextInt(4));
            case 1 -> "shared/prefix/longer/than/twenty/bytes/" + pieces(random, random.nextInt(3));
            case 2 -> "ascii-" + Long.toString(random.nextLong() & 0xffffff, 36).repeat(1 + random.nextInt(3));
            case 3 -> pieces(random, 5 + random.nextInt(12));
            default -> "\u4e2d\u4e2d\u4e2d\u4e2d\ue000" + pieces(random, random.nextInt(6));
        };
    }

    private static String pieces(Random random, int count) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < count; i++) {
            key.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return key.toString();
    }
}
