package dev.k42lens.core.debug;

/**
 * A guest thread as a suspended session shows it.
 *
 * @param state e.g. "suspended: Breakpoint at 0x...", "blocked in read (left the layer)", "ready"
 * @param depth its nesting depth in the syscall layer (0 in guest code)
 * @param function the code at its PC, e.g. "main+0x1c" or "k42:write"
 */
public record ThreadState(int pid, int tid, String state, int depth, long pc, String function) {
}
