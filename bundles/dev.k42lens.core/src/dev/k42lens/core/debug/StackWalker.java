package dev.k42lens.core.debug;

import java.util.ArrayList;
import java.util.List;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * A guest thread's frames from the ppc64 back chain (no DWARF needed): 0(r1) links each frame to its
 * caller's and the caller's return address is saved at 16 of the caller's frame once the callee's
 * prologue has run ("stdu r1,-N(r1)"); before that, or in a function without a frame, it is in LR.
 * Inside the syscall layer, the active calls come first, innermost first, then the code frames from
 * the outermost call's site; in a site trampoline, the trampoline, then the site.
 */
public final class StackWalker {
    private static final int MAX_FRAMES = 256;
    /** How far a prologue is searched for the frame-allocating store. */
    private static final int PROLOGUE_WORDS = 64;

    private StackWalker() {
    }

    static List<Frame> frames(GuestThread thread, SourceLines lines) {
        List<Frame> frames = new ArrayList<>();
        GuestProcess process = thread.process();
        Cpu cpu = thread.cpu();
        List<GuestThread.LayerCall> calls = thread.layerCalls();
        for (int i = calls.size() - 1; i >= 0; i--) {
            GuestThread.LayerCall call = calls.get(i);
            frames.add(new Frame(TransferTable.entryAddress(process.transferTable().handlerFor(call.number())), cpu.gpr[1],
                    "k42:" + call.name(), call, null));
        }
        long pc = cpu.pc;
        if (!calls.isEmpty() && calls.get(0).site() != 0) {
            pc = calls.get(0).site();
        } else {
            long site = process.transferTable().siteOfTrampolineAt(pc);
            if (site >= 0) {
                frames.add(new Frame(pc, cpu.gpr[1], "[k42 trampoline]", null, null));
                pc = site;
            }
        }
        walkCode(process, lines, pc, cpu.gpr[1], cpu.lr, frames);
        return frames;
    }

    private static void walkCode(GuestProcess process, SourceLines lines, long pc, long sp, long lr, List<Frame> frames) {
        GuestMemory memory = process.memory();
        frames.add(new Frame(pc, sp, functionAt(process, pc), null, lines.at(process, pc).orElse(null)));
        try {
            long callerSp = sp;
            long ret = lr;
            if (hasFrame(process, pc)) {
                callerSp = memory.read64(sp);
                ret = memory.read64(callerSp + 16);
            }
            while (frames.size() < MAX_FRAMES && ret != 0 && isCode(memory, ret)) {
                // a caller's line is the line of its call, the instruction before the return address
                frames.add(new Frame(ret, callerSp, functionAt(process, ret), null, lines.at(process, ret - 4).orElse(null)));
                long next = memory.read64(callerSp);
                if (next == 0 || Long.compareUnsigned(next, callerSp) <= 0) {
                    break;
                }
                ret = memory.read64(next + 16);
                callerSp = next;
            }
        } catch (GuestFault e) {
            // a broken back chain ends the walk: the frames found so far are still right
        }
    }

    /** True when the function containing {@code pc} has already allocated its frame before {@code pc}. */
    private static boolean hasFrame(GuestProcess process, long pc) {
        var location = process.symbolAt(pc);
        if (location.isEmpty()) {
            return false;
        }
        long start = pc - location.get().offset();
        GuestMemory memory = process.memory();
        for (long a = start; a < pc && a < start + 4L * PROLOGUE_WORDS; a += 4) {
            if ((memory.read32(a) & 0xffff0003) == 0xf8210001) { // stdu r1,-N(r1)
                return true;
            }
        }
        return false;
    }

    private static boolean isCode(GuestMemory memory, long address) {
        return (address & 3) == 0 && memory.isMapped(address)
                && (memory.protection(address) & dev.k42lens.core.mem.Protection.EXEC) != 0;
    }

    private static String functionAt(GuestProcess process, long address) {
        return process.describeCode(address);
    }
}
