package dev.k42lens.debug.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IMemoryBlockExtension;
import org.eclipse.debug.core.model.IMemoryBlockRetrieval;
import org.eclipse.debug.core.model.MemoryByte;

/**
 * Guest memory from a base address, for the platform's Memory view. Bytes are read page by page
 * while the system is suspended; unmapped bytes, and every byte while it runs, are marked unreadable.
 */
public class K42LensMemoryBlock extends K42LensDebugElement implements IMemoryBlockExtension {
    private static final int PAGE = 4096;
    private final String expression;
    private long base;
    private final List<Object> connections = new ArrayList<>();

    K42LensMemoryBlock(K42LensDebugTarget target, String expression, long base) {
        super(target);
        this.expression = expression;
        this.base = base;
    }

    @Override
    public String getExpression() {
        return expression;
    }

    @Override
    public BigInteger getBigBaseAddress() {
        return Ppc64Registers.unsigned(base);
    }

    @Override
    public BigInteger getMemoryBlockStartAddress() {
        return null; // the whole 64-bit space
    }

    @Override
    public BigInteger getMemoryBlockEndAddress() {
        return null;
    }

    @Override
    public BigInteger getBigLength() {
        return BigInteger.ONE.shiftLeft(64);
    }

    @Override
    public int getAddressSize() {
        return 8;
    }

    @Override
    public boolean supportBaseAddressModification() {
        return true;
    }

    @Override
    public boolean supportsChangeManagement() {
        return false;
    }

    @Override
    public void setBaseAddress(BigInteger address) {
        base = address.longValue();
        fireChangeEvent(DebugEvent.STATE);
    }

    @Override
    public MemoryByte[] getBytesFromOffset(BigInteger unitOffset, long addressableUnits) {
        return getBytesFromAddress(getBigBaseAddress().add(unitOffset), addressableUnits);
    }

    @Override
    public MemoryByte[] getBytesFromAddress(BigInteger address, long units) {
        int count = (int) Math.min(units, 1 << 20);
        MemoryByte[] bytes = new MemoryByte[count];
        long start = address.longValue();
        byte endianness = (byte) (MemoryByte.ENDIANESS_KNOWN | (target().isBigEndian() ? MemoryByte.BIG_ENDIAN : 0));
        int i = 0;
        while (i < count) {
            long at = start + i;
            int chunk = (int) Math.min(count - i, PAGE - (at & (PAGE - 1)));
            byte[] read = target().readQuietly(at, chunk);
            for (int j = 0; j < chunk; j++) {
                bytes[i + j] = read == null ? new MemoryByte((byte) 0, (byte) 0)
                        : new MemoryByte(read[j], (byte) (MemoryByte.READABLE | MemoryByte.WRITABLE | endianness));
            }
            i += chunk;
        }
        return bytes;
    }

    @Override
    public void setValue(BigInteger offset, byte[] bytes) throws DebugException {
        target().writeMemory(base + offset.longValue(), bytes);
        fireChangeEvent(DebugEvent.CONTENT);
    }

    @Override
    public void connect(Object client) {
        synchronized (connections) {
            if (!connections.contains(client)) {
                connections.add(client);
            }
        }
    }

    @Override
    public void disconnect(Object client) {
        synchronized (connections) {
            connections.remove(client);
        }
    }

    @Override
    public Object[] getConnections() {
        synchronized (connections) {
            return connections.toArray();
        }
    }

    @Override
    public void dispose() {
        synchronized (connections) {
            connections.clear();
        }
    }

    @Override
    public IMemoryBlockRetrieval getMemoryBlockRetrieval() {
        return target();
    }

    @Override
    public int getAddressableSize() {
        return 1;
    }

    // ---- the plain IMemoryBlock view: a fixed window at the base ----------------------------------

    @Override
    public long getStartAddress() {
        return base;
    }

    @Override
    public long getLength() {
        return PAGE;
    }

    @Override
    public byte[] getBytes() throws DebugException {
        return target().readMemory(base, PAGE);
    }

    @Override
    public boolean supportsValueModification() {
        return true;
    }

    @Override
    public void setValue(long offset, byte[] bytes) throws DebugException {
        setValue(BigInteger.valueOf(offset), bytes);
    }
}
