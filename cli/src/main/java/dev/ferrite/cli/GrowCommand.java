package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.HeapOptions;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ferrite grow}: sets the bound a heap may grow to (its capacity), durably. Nothing moves
 * and the file does not change size: the heap grows into the new bound as records need it.
 */
@Command(name = "grow", mixinStandardHelpOptions = true,
        description = "Sets the most bytes a heap may grow to (raises or lifts the capacity of a heap created with one,"
                + " or of the previous release). The heap grows into it as records need; nothing moves.")
final class GrowCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Spec
    CommandSpec spec;

    @Option(names = "--capacity", required = true, paramLabel = "<bytes>", converter = Capacity.class,
            description = "The new bound: bytes with an optional k, m, g or t suffix (powers of 1024), rounded up to"
                    + " whole 4 KiB pages; or 'unbounded'. A bound below the heap's size becomes its size.")
    long capacity;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long before;
        try (Heap heap = heapFile.open(false)) {
            before = heap.info().capacity();
        }
        try (Heap heap = heapFile.open(true, capacity)) {
            HeapInfo info = heap.info();
            out.printf("capacity  %s (was %s)%n", InfoCommand.capacity(info.capacity()), InfoCommand.capacity(before));
            out.printf("size      %,d bytes%n", info.size());
        }
        return FerriteCommand.OK;
    }

    /** Bytes with a binary suffix, or "unbounded". */
    static final class Capacity implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            if (text.equals("unbounded")) {
                return HeapOptions.UNBOUNDED;
            }
            int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> 0;
            };
            String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
            long bytes;
            try {
                bytes = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a size: give bytes with an optional k, m, g"
                        + " or t suffix, e.g. 8g, or 'unbounded'");
            }
            if (bytes <= 0 || bytes > (1L << 50) >>> shift) {
                throw new TypeConversionException("capacity '" + value + "' must be positive and at most 1 PiB");
            }
            long rounded = ((bytes << shift) + 4095) & -4096L;
            if (rounded < HeapOptions.MIN_CAPACITY) {
                throw new TypeConversionException("capacity '" + value + "' is below the smallest, "
                        + HeapOptions.MIN_CAPACITY + " bytes");
            }
            return rounded;
        }
    }
}
