package dev.k42lens.core.kernel;

/**
 * What the processes of one run share outside their address spaces: the futex queues (a futex in
 * a shared page is met from every process mapping it).
 */
public final class SharedMemory {
    private final Futexes futexes = new Futexes();

    public Futexes futexes() {
        return futexes;
    }
}
