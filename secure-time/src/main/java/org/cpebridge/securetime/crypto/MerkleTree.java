package org.cpebridge.securetime.crypto;

import java.util.ArrayList;
import java.util.List;
import org.cpebridge.bytes.Bytes;

/**
 * The tree a server builds over a batch of requests so that one signature answers them all. Leaves are padded to
 * a power of two with an all-zero hash (a value no request hashes to in practice); each request gets its index and
 * the sibling hashes from its leaf up, which {@link RoughtimeHash#rootFromPath} walks back to the root. Immutable.
 */
public final class MerkleTree {

    private static final Bytes PADDING = Bytes.of(new byte[RoughtimeHash.LENGTH]);

    private final List<List<Bytes>> levels = new ArrayList<>();

    public MerkleTree(List<Bytes> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a tree needs a leaf");
        }
        int width = Integer.highestOneBit(leaves.size());
        if (width < leaves.size()) {
            width <<= 1;
        }
        List<Bytes> level = new ArrayList<>(leaves);
        while (level.size() < width) {
            level.add(PADDING);
        }
        levels.add(level);
        while (level.size() > 1) {
            List<Bytes> parent = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                parent.add(RoughtimeHash.node(level.get(i), level.get(i + 1)));
            }
            levels.add(parent);
            level = parent;
        }
    }

    public Bytes root() {
        return levels.get(levels.size() - 1).get(0);
    }

    /** The sibling hashes from leaf {@code index} up to (not including) the root. */
    public List<Bytes> path(int index) {
        List<Bytes> path = new ArrayList<>(levels.size() - 1);
        int position = index;
        for (int depth = 0; depth < levels.size() - 1; depth++) {
            path.add(levels.get(depth).get(position ^ 1));
            position >>>= 1;
        }
        return path;
    }
}
