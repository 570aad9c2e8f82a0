package dev.ferrite.bench.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words of a text file: lower-cased, split on every character that is not a letter. */
final class Corpus {
    private Corpus() {}

    static String[] words(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean letter = i < text.length() && Character.isLetter(text.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no words");
        }
        return words.toArray(String[]::new);
    }
}
