package dev.ferrite.fams.natives;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The C library's functions, as FAMS links them: the one place that holds the native linker and
 * libc's symbol lookup, and reads the {@code errno} that calls capture. FAMS calls C on Linux
 * only; elsewhere, or where a function is missing, {@link #link} gives null and callers take
 * their portable path.
 *
 * <p>A call linked with {@link #ERRNO} takes a segment of {@link #CALL_STATE} as its first
 * argument, into which it saves {@code errno} before the JVM can change it; {@link #errno} reads it.
 */
public final class Libc {
    /** The layout of the segment a call linked with {@link #ERRNO} saves {@code errno} into. */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    /** Links a call so that it saves {@code errno} into its first argument, a {@link #CALL_STATE}. */
    public static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle CLOSE = link(
            () -> function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));

    private Libc() {}

    /**
     * What {@code functions} links with {@link #function}, or null if this is not Linux or one of
     * the functions cannot be linked: a caller's functions are all there, or it uses none.
     */
    public static <T> T link(Supplier<T> functions) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            return functions.get();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * The libc function {@code name} with the C signature {@code descriptor}.
     *
     * @throws java.util.NoSuchElementException if libc has no such function
     */
    @SuppressWarnings("restricted") // FAMS needs native access; its module documentation says so
    public static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().findOrThrow(name), descriptor, options);
    }

    /**
     * Closes the descriptor {@code fd}, which a call linked here opened (so this is Linux).
     *
     * @return what {@code close} returned: 0, or -1 if it failed
     */
    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("close call failed", t);
        }
    }

    /** The {@code errno} a call linked with {@link #ERRNO} saved into {@code callState}. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO_VALUE.get(callState, 0L);
    }
}
