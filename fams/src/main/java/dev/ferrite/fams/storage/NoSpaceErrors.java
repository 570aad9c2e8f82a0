package dev.ferrite.fams.storage;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Recognises the {@link IOException} in which the JDK reports {@code ENOSPC} or {@code EDQUOT}.
 * The JDK gives no error number, only the C library's text for it, which follows the process's
 * locale: the texts are therefore asked from {@code strerror} in this process, with the English
 * ones as well.
 */
final class NoSpaceErrors {
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;
    private static final Set<String> MESSAGES = messages();

    private NoSpaceErrors() {}

    /** Whether {@code e} says the file system had no space (or the user's quota was exhausted). */
    static boolean isNoSpace(IOException e) {
        String message = e.getMessage();
        if (message == null) {
            return false;
        }
        for (String m : MESSAGES) {
            if (message.contains(m)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> messages() {
        Set<String> messages = new LinkedHashSet<>();
        messages.add("No space left on device");
        messages.add("Disk quota exceeded");
        messages.addAll(strerror(ENOSPC, EDQUOT));
        return messages;
    }

    @SuppressWarnings("restricted") // strerror only reads a static table of the C library
    private static Set<String> strerror(int... codes) {
        Set<String> texts = new LinkedHashSet<>();
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle strerror = linker.downcallHandle(linker.defaultLookup().findOrThrow("strerror"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            for (int code : codes) {
                MemorySegment text = (MemorySegment) strerror.invokeExact(code);
                if (!text.equals(MemorySegment.NULL)) {
                    String s = text.reinterpret(1024).getString(0);
                    if (!s.isBlank() && !s.startsWith("Unknown error")) {
                        texts.add(s);
                    }
                }
            }
        } catch (Throwable t) {
            // No C library to ask (not Linux): the English texts remain.
        }
        return texts;
    }
}
