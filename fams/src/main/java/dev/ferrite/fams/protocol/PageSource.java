package dev.ferrite.fams.protocol;

import java.nio.ByteBuffer;

/** Where a commit reads the new contents of the file: the mapped segment, or a test's byte array. */
@FunctionalInterface
public interface PageSource {
    /** A view of {@code length} bytes at {@code offset}; the commit only reads it. */
    ByteBuffer bytes(long offset, int length);

    /**
     * Copies {@code length} bytes at {@code offset} into {@code target} from {@code targetOffset};
     * a source over memory may do it without making a view.
     */
    default void copy(long offset, byte[] target, int targetOffset, int length) {
        ByteBuffer view = bytes(offset, length);
        view.get(view.position(), target, targetOffset, length);
    }
}
