package dev.ferrite.fams.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Materialises the disks a power cut could leave from a {@link PendingState}: every pending file
 * operation independently lost or kept, writes also torn at a 512-byte sector boundary (the
 * sectors before it kept, the torn sector full of zeros or of garbage, the rest lost), and every
 * pending directory change lost or kept. All combinations when there are at most
 * {@code exhaustiveLimit}, otherwise "all lost", "all kept" and {@code samples} random ones.
 */
public final class CrashStates {
    private static final int SECTOR = 512;

    private final int exhaustiveLimit;
    private final int samples;
    private final Random random;

    public CrashStates(int exhaustiveLimit, int samples, long seed) {
        this.exhaustiveLimit = exhaustiveLimit;
        this.samples = samples;
        this.random = new Random(seed);
    }

    /**
     * Calls {@code visitor} with each crash state (file name to contents, each file smaller than
     * 2 GiB); returns how many.
     */
    public int enumerate(PendingState state, Consumer<Map<String, byte[]>> visitor) {
        return enumerateImages(state, images -> {
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            images.forEach((name, image) -> bytes.put(name, image.toBytes()));
            visitor.accept(bytes);
        });
    }

    /** Calls {@code visitor} with each crash state (file name to contents); returns how many. */
    public int enumerateImages(PendingState state, Consumer<Map<String, FileImage>> visitor) {
        List<Item> items = items(state);
        long total = 1;
        for (Item it : items) {
            total = Math.min(Long.MAX_VALUE / 64, total * it.variants);
        }
        int[] choice = new int[items.size()];
        if (total <= exhaustiveLimit) {
            for (long n = 0; n < total; n++) {
                long rest = n;
                for (int i = 0; i < items.size(); i++) {
                    choice[i] = (int) (rest % items.get(i).variants);
                    rest /= items.get(i).variants;
                }
                visitor.accept(materialise(state, items, choice));
            }
            return (int) total;
        }
        Arrays.fill(choice, 0);
        visitor.accept(materialise(state, items, choice));
        for (int i = 0; i < items.size(); i++) {
            choice[i] = 1;
        }
        visitor.accept(materialise(state, items, choice));
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < items.size(); i++) {
                choice[i] = random.nextInt(items.get(i).variants);
            }
            visitor.accept(materialise(state, items, choice));
        }
        return samples + 2;
    }

    /** One pending operation and its number of outcomes: 0 lost, 1 kept, 2.. torn variants. */
    private record Item(int inode, int op, int dirChange, int variants, int[] tearSectors) {}

    private static List<Item> items(PendingState state) {
        List<Item> items = new ArrayList<>();
        for (int inode = 0; inode < state.pendingOps().size(); inode++) {
            List<SimDisk.FileOp> ops = state.pendingOps().get(inode);
            for (int op = 0; op < ops.size(); op++) {
                int[] tears = ops.get(op) instanceof SimDisk.Write w ? tearPoints(w) : new int[0];
                items.add(new Item(inode, op, -1, 2 + 2 * tears.length, tears));
            }
        }
        for (int d = 0; d < state.pendingDirectory().size(); d++) {
            items.add(new Item(-1, -1, d, 2, new int[0]));
        }
        return items;
    }

    /** Sector indices (within the write) where a torn write may stop: first, middle and last. */
    private static int[] tearPoints(SimDisk.Write w) {
        long first = w.position() / SECTOR;
        long last = (w.position() + w.bytes().length - 1) / SECTOR;
        int n = (int) (last - first + 1);
        if (n < 2) {
            return new int[0]; // a write inside one sector is atomic
        }
        return Arrays.stream(new int[] {0, n / 2, n - 1}).distinct().toArray();
    }

    private Map<String, FileImage> materialise(PendingState state, List<Item> items, int[] choice) {
        int inodes = state.durableContents().size();
        FileImage[] contents = new FileImage[inodes];
        for (int i = 0; i < inodes; i++) {
            contents[i] = state.durableContents().get(i);
        }
        boolean[] keepDir = new boolean[state.pendingDirectory().size()];
        for (int k = 0; k < items.size(); k++) {
            Item it = items.get(k);
            int c = choice[k];
            if (it.dirChange >= 0) {
                keepDir[it.dirChange] = c == 1;
                continue;
            }
            if (c == 0) {
                continue;
            }
            SimDisk.FileOp op = state.pendingOps().get(it.inode).get(it.op);
            if (c == 1) {
                contents[it.inode] = SimDisk.apply(contents[it.inode], op);
            } else {
                int tear = it.tearSectors[(c - 2) / 2];
                boolean garbage = (c - 2) % 2 == 1;
                contents[it.inode] = SimDisk.apply(contents[it.inode], torn((SimDisk.Write) op, tear, garbage));
            }
        }
        Map<String, Integer> dir = new LinkedHashMap<>(state.durableDirectory());
        for (int d = 0; d < keepDir.length; d++) {
            if (!keepDir[d]) {
                continue;
            }
            PendingState.DirChange ch = state.pendingDirectory().get(d);
            if (ch.renamedFrom() != null) {
                // A rename moves the entry of that inode, even if the entry's creation was lost.
                dir.remove(ch.renamedFrom(), ch.inode());
                dir.put(ch.name(), ch.inode());
            } else if (ch.inode() >= 0) {
                dir.put(ch.name(), ch.inode());
            } else {
                dir.remove(ch.name());
            }
        }
        Map<String, FileImage> out = new LinkedHashMap<>();
        dir.forEach((name, inode) -> out.put(name, contents[inode]));
        return out;
    }

    /** The part of {@code w} that reached the disk when it tore in sector {@code tear}. */
    private SimDisk.Write torn(SimDisk.Write w, int tear, boolean garbage) {
        long firstSector = w.position() / SECTOR;
        long tornStart = Math.max(w.position(), (firstSector + tear) * SECTOR);
        long tornEnd = Math.min(w.position() + w.bytes().length, (firstSector + tear + 1) * SECTOR);
        int keep = (int) (tornEnd - w.position());
        byte[] bytes = Arrays.copyOf(w.bytes(), keep);
        for (int i = (int) (tornStart - w.position()); i < keep; i++) {
            bytes[i] = garbage ? (byte) random.nextInt() : 0;
        }
        return new SimDisk.Write(w.position(), bytes);
    }
}
