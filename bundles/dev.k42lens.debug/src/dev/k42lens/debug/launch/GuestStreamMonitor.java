package dev.k42lens.debug.launch;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IStreamMonitor;

/**
 * One of the guest's output streams as the Console sees it: the engine writes bytes into
 * {@link #output()}, listeners get them as text, and the whole text stays available (consoles that
 * connect late read it). Incomplete UTF-8 sequences wait for their remaining bytes.
 */
final class GuestStreamMonitor implements IStreamMonitor {
    private final ListenerList<IStreamListener> listeners = new ListenerList<>();
    private final StringBuilder contents = new StringBuilder();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            append(bytes, offset, length);
        }
    };

    OutputStream output() {
        return output;
    }

    /** Text from the emulator itself (not the guest), e.g. why the run ended. */
    void appendText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
    }

    private void append(byte[] bytes, int offset, int length) {
        String text;
        synchronized (this) {
            pending.write(bytes, offset, length);
            byte[] all = pending.toByteArray();
            int complete = completeLength(all);
            text = new String(all, 0, complete, StandardCharsets.UTF_8);
            pending.reset();
            pending.write(all, complete, all.length - complete);
            contents.append(text);
        }
        if (!text.isEmpty()) {
            for (IStreamListener listener : listeners) {
                listener.streamAppended(text, this);
            }
        }
    }

    /** How many leading bytes end on a UTF-8 character boundary. */
    private static int completeLength(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = bytes[end - back] & 0xff;
            if ((b & 0xc0) != 0x80) {
                int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
                return needed > back ? end - back : end;
            }
        }
        return end;
    }

    @Override
    public void addListener(IStreamListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(IStreamListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized String getContents() {
        return contents.toString();
    }
}
