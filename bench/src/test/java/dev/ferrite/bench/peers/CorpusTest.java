package dev.ferrite.bench.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @TempDir
    Path dir;

    @Test
    void wordsAreLowerCasedRunsOfLetters() throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "KING HENRY:\nDon't stop--me, 42 times! Æther");
        assertArrayEquals(new String[] {"king", "henry", "don", "t", "stop", "me", "times", "æther"}, Corpus.words(text));
    }

    @Test
    void aTextWithoutWordsIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "42 -- 17\n");
        assertThrows(IllegalArgumentException.class, () -> Corpus.words(text));
    }
}
