package dev.ferrite.sample.wordfreq;

import java.util.Locale;
import java.util.function.Consumer;

/** Splits text into words: maximal runs of letters, digits and apostrophes, lower-cased. */
public final class Words {
    private Words() {}

    /** Passes every word of {@code text} to {@code sink}, in order. */
    public static void forEach(CharSequence text, Consumer<String> sink) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean inWord = i < text.length() && isWordChar(text.charAt(i));
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                sink.accept(text.subSequence(start, i).toString().toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'';
    }
}
