package dev.ferrite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void anEnabledBarRedrawsInPlaceOnlyWhenThePercentageChangesAndErasesItself() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, "verifying");
        bar.update(1, 200);
        bar.update(2, 200);
        bar.update(3, 200);
        bar.update(100, 200);
        bar.finish();
        String shown = text.toString();
        assertTrue(shown.startsWith("\rverifying [" + " ".repeat(30) + "] 0% (1/200)\rverifying [" + " ".repeat(30)
                + "] 1% (2/200)\rverifying [###############" + " ".repeat(15) + "] 50% (100/200)\r"), shown);
        assertTrue(shown.endsWith(" \r"), shown);
    }

    @Test
    void aDisabledBarPrintsNothing() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, "verifying");
        bar.update(50, 100);
        bar.finish();
        assertEquals("", text.toString());
    }
}
