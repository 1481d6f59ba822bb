package dev.k42lens.core.cpu.translate;

import static dev.k42lens.core.cpu.isa.Fields.*;
import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.MethodVisitor;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.FixedPointArithmetic;
import dev.k42lens.core.cpu.isa.FixedPointLogical;
import dev.k42lens.core.cpu.isa.FloatingPointBits;
import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.isa.MemoryAccess;
import dev.k42lens.core.cpu.isa.Op;
import dev.k42lens.core.cpu.isa.Operand;
import dev.k42lens.core.cpu.isa.Prefixed;
import dev.k42lens.core.cpu.isa.ProgramInterrupt;
import dev.k42lens.core.cpu.isa.Semantics;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Compiles the hot code reachable from one address within a page into a {@link TranslatedBlock}
 * (a <em>region</em>) with ASM. The region follows direct branches that stay in the page, so loops
 * run inside one JVM method that the JIT compiles as a loop; it ends at indirect branches, branches
 * out of the page, system calls and the few instructions that are declined (see {@link #supports}).
 * <p>
 * The integer, branch and load/store instructions that dominate CPU-bound programs are generated
 * inline (where their {@link Op} says so); every other instruction is a call of the semantics its
 * table row states, the same the interpreter runs, with the registers it may write read again
 * after.
 * <p>
 * GPRs, CR, LR and CTR are read from JVM locals, each loaded once on entry. GPRs are written to
 * both the local and the Cpu, so the Cpu holds them at every exit, fault and semantics call; storing them
 * back on exits instead made every written GPR live at every access that may fault, and the JIT's
 * register allocation of large regions several times slower (strings and sort ran 10 % slower for
 * it). CR, LR and CTR, which loops write on every iteration, are stored back on exits and faults,
 * and the CR before semantics calls. Straight-line runs between branch targets
 * (segments) first check the instruction budget, so a region never retires more than it is given
 * and a scheduler quantum ends exactly where the interpreter's would.
 */
public final class BlockTranslator {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /**
     * Instructions in a region at most. Small regions compile fast and leave C2 the room to inline
     * what they call (GuestMemory's accesses, rotates); measured on the broad benchmark (issue 14),
     * 32 ran 13 % faster than 512 and 3 % faster than 64 (geometric mean of 34 programs),
     * loops longer than this run as several regions. A region of 32 of the largest instructions
     * (lmw, which writes 30 GPRs) stays far below the 8000 bytes of bytecode HotSpot compiles.
     */
    static final int REGION_LIMIT = 32;
    /** HotSpot does not compile methods of more than 8000 bytes of bytecode (DontCompileHugeMethods). */
    private static final int CODE_SIZE_LIMIT = 8000;

    private static final String CPU = Type.getInternalName(Cpu.class);
    private static final String MEMORY = Type.getInternalName(GuestMemory.class);
    private static final String PAGE = Type.getInternalName(GuestMemory.Page.class);
    private static final String FIXED_POINT_ARITHMETIC = Type.getInternalName(FixedPointArithmetic.class);
    private static final String FIXED_POINT_LOGICAL = Type.getInternalName(FixedPointLogical.class);
    private static final String FLOATING_POINT_BITS = Type.getInternalName(FloatingPointBits.class);
    private static final String FAULT = Type.getInternalName(GuestFault.class);
    private static final String SUPER = Type.getInternalName(TranslatedBlock.class);
    private static final String SEMANTICS = Type.getInternalName(Semantics.class);
    private static final String PREFIXED_ACTION = Type.getInternalName(Prefixed.Action.class);
    private static final String PROGRAM_INTERRUPT = Type.getInternalName(ProgramInterrupt.class);
    /** Loads element k of the region class's data, the list of the semantics it calls. */
    private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC, "java/lang/invoke/MethodHandles", "classDataAt",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;", false);
    private static final String EXECUTE_DESCRIPTOR = "(L" + CPU + ";L" + MEMORY + ";L" + PAGE
            + ";Ljava/lang/Object;I)I";

    // locals of execute()
    private static final int CPU_LOCAL = 1;
    private static final int MEMORY_LOCAL = 2;
    private static final int PAGE_LOCAL = 3;
    private static final int DECODED_LOCAL = 4;
    private static final int BUDGET_LOCAL = 5;
    private static final int RETIRED_LOCAL = 6;
    private static final int GPR_ARRAY_LOCAL = 7;
    private static final int CR_LOCAL = 8;
    private static final int EXIT_RESULT_LOCAL = 9;
    private static final int EXCEPTION_LOCAL = 10;
    private static final int CARRY_IN_LOCAL = 11;
    private static final int TEMP_LOCAL = 12; // longs from here on
    private static final int TEMP2_LOCAL = 14;
    private static final int EXIT_PC_LOCAL = 16;
    private static final int LR_LOCAL = 18;
    private static final int CTR_LOCAL = 20;
    private static final int FIRST_GPR_LOCAL = 22;

    private static final Set<Op> DECLINED = EnumSet.of(Op.NONE, Op.SC, Op.SCV, Op.BCTAR);

    private BlockTranslator() {
    }

    /** Whether a region may hold {@code op} with instruction word {@code w}, inline or as a semantics call. */
    public static boolean supports(Op op, int w) {
        if (DECLINED.contains(op)) {
            return false;
        }
        return op != Op.BCCTR || (rt(w) & 4) != 0; // the decrementing bcctr is illegal: the interpreter reports it
    }

    /**
     * Translates the region starting at instruction {@code start} of the page at {@code pageBase},
     * whose instructions are {@code words} with operations {@code ops} (null where a word does not
     * decode). Returns null when the first instruction is not {@link #supports supported}, or
     * when the region would be too big for the JIT to compile (no instructions are that big: a
     * test keeps it so). With {@code callouts} (else null) the region counts every call of an
     * instruction's semantics in that array's element for the instruction's table row.
     */
    public static TranslatedBlock translate(long pageBase, int start, int[] words, Instruction[] rows, long[] callouts) {
        Region region = Region.explore(start, words, rows, REGION_LIMIT);
        if (region == null) {
            return null;
        }
        // a first pass learns which registers the region uses; the second generates with them
        Generator survey = new Generator(pageBase, words, rows, region, callouts, null);
        survey.generate(new MethodVisitor(ASM9) {
            // discards the code: the survey only records registers
        });
        Generator generator = new Generator(pageBase, words, rows, region, callouts, survey);
        byte[] bytes = generator.classBytes();
        if (generator.codeSize > CODE_SIZE_LIMIT) {
            return null; // HotSpot would run it in its bytecode interpreter, slower than ours
        }
        return define(bytes, generator.classData(), pageBase + 4L * start, region);
    }

    private static TranslatedBlock define(byte[] bytes, List<Object> classData, long start, Region region) {
        try {
            MethodHandles.Lookup block = LOOKUP.defineHiddenClassWithClassData(bytes, classData, true);
            return (TranslatedBlock) block.findConstructor(block.lookupClass(),
                    MethodType.methodType(void.class, long.class, int[].class)).invoke(start, region.offsets());
        } catch (Throwable e) {
            throw new IllegalStateException(String.format("translating the region at 0x%x failed", start), e);
        }
    }

    /** The instructions of a region and its segments: straight-line runs that start at branch targets. */
    private static final class Region {
        final boolean[] member;
        final boolean[] segmentStart;
        final int start;
        final int size;

        private Region(boolean[] member, boolean[] segmentStart, int start, int size) {
            this.member = member;
            this.segmentStart = segmentStart;
            this.start = start;
            this.size = size;
        }

        static Region explore(int start, int[] words, Instruction[] rows, int limit) {
            int n = words.length;
            if (rows[start] == null || !supports(rows[start].op(), words[start])) {
                return null;
            }
            boolean[] member = new boolean[n];
            boolean[] target = new boolean[n];
            Deque<Integer> work = new ArrayDeque<>();
            work.add(start);
            target[start] = true;
            int size = 0;
            while (!work.isEmpty()) {
                for (int i = work.poll(); i < n && !member[i] && size < limit; i = after(rows, i)) {
                    if (rows[i] == null || !supports(rows[i].op(), words[i])) {
                        break;
                    }
                    Op op = rows[i].op();
                    member[i] = true;
                    size++;
                    if (op.endsBlock()) {
                        int destination = staticTarget(op, words[i], i, n);
                        if (destination >= 0 && !target[destination]) {
                            target[destination] = true;
                            work.add(destination);
                        }
                        if (mayFallThrough(op, words[i]) && i + 1 < n && !target[i + 1]) {
                            target[i + 1] = true;
                            work.add(i + 1);
                        }
                        break;
                    }
                }
            }
            boolean[] segmentStart = new boolean[n];
            for (int i = 0; i < n; i++) {
                segmentStart[i] = member[i] && target[i];
            }
            return new Region(member, segmentStart, start, size);
        }

        /** The instruction a direct branch goes to when it stays in the page, else -1. */
        static int staticTarget(Op op, int w, int index, int n) {
            if (op != Op.B && op != Op.BC) {
                return -1;
            }
            boolean absolute = aa(w);
            if (absolute) {
                return -1; // absolute targets are rare: leave the region
            }
            long offset = op == Op.B ? li(w) : bd(w);
            long destination = index + (offset >> 2);
            return destination >= 0 && destination < n ? (int) destination : -1;
        }

        /** Whether execution may continue after the branch: not for b, nor for bc/bclr/bcctr that always branch. */
        static boolean mayFallThrough(Op op, int w) {
            if (op == Op.B) {
                return false;
            }
            int bo = rt(w);
            boolean always = (bo & 0x14) == 0x14;
            // a call's return point is reached through blr, an exit: do not follow calls' fall-through
            return !always && !(lk(w) && op != Op.BC);
        }

        /** The index of the instruction after the one at {@code i}: a prefixed instruction fills two words. */
        static int after(Instruction[] rows, int i) {
            return i + rows[i].length() / 4;
        }

        /** The page offsets of the region's instructions, for stop-address checks. */
        int[] offsets() {
            int[] offsets = new int[size];
            for (int i = 0, k = 0; i < member.length; i++) {
                if (member[i]) {
                    offsets[k++] = 4 * i;
                }
            }
            return offsets;
        }

        /** Instructions of the segment starting at {@code i}. */
        int segmentLength(int i, Instruction[] rows) {
            int length = 0;
            for (int j = i; j < member.length && member[j]; j = after(rows, j)) {
                if (j > i && segmentStart[j]) {
                    break;
                }
                length++;
                if (rows[j].op().endsBlock()) {
                    break;
                }
            }
            return length;
        }
    }

    /** Generates one region's class: its constructor and execute(). */
    private static final class Generator {
        private final long pageBase;
        private final int[] words;
        private final Instruction[] rows;
        private final Region region;
        /** The semantics the region calls, in the order of its constants (the hidden class's data). */
        private final List<Object> classData = new ArrayList<>();
        private MethodVisitor body;
        /** Bytes of bytecode in execute(), once generated. */
        int codeSize;
        private final Label[] labels;
        private final Label commonExit = new Label();
        private final Label faultExit = new Label();
        private final List<Runnable> faultHandlers = new ArrayList<>();

        /** Where the region counts its semantics calls by table row, or null. */
        private final long[] callouts;
        /** What a first pass found (null during that pass): the registers to load on entry. */
        private final Generator survey;
        private final BitSet used = new BitSet(32);
        private boolean crUsed;
        /** Whether the region writes CR, LR or CTR: these are stored back on exits (GPRs are written through). */
        private boolean crDirty;
        private boolean lrDirty;
        private boolean ctrDirty;
        private boolean lrUsed;
        private boolean ctrUsed;

        // the segment being generated
        private int segmentLength;
        private int indexInSegment;

        Generator(long pageBase, int[] words, Instruction[] rows, Region region, long[] callouts, Generator survey) {
            this.pageBase = pageBase;
            this.callouts = callouts;
            this.words = words;
            this.rows = rows;
            this.region = region;
            this.survey = survey;
            this.labels = new Label[words.length];
            for (int i = 0; i < words.length; i++) {
                if (region.segmentStart[i]) {
                    labels[i] = new Label();
                }
            }
        }

        private BitSet loaded() {
            return survey == null ? used : survey.used;
        }

        private boolean crLoaded() {
            return survey == null ? crUsed : survey.crUsed;
        }

        private boolean lrLoaded() {
            return survey == null ? lrUsed : survey.lrUsed;
        }

        private boolean ctrLoaded() {
            return survey == null ? ctrUsed : survey.ctrUsed;
        }

        byte[] classBytes() {
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return a.equals(b) ? a : "java/lang/Object"; // no merge in a region needs more precision
                }
            };
            String name = "dev/k42lens/core/cpu/translate/Region_" + Long.toHexString(pageBase + 4L * region.start);
            cw.visit(V21, ACC_FINAL | ACC_SUPER, name, null, SUPER, null);
            var init = cw.visitMethod(ACC_PUBLIC, "<init>", "(J[I)V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitVarInsn(LLOAD, 1);
            init.visitVarInsn(ALOAD, 3);
            init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "(J[I)V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();
            generate(cw.visitMethod(ACC_PUBLIC, "execute", EXECUTE_DESCRIPTOR, null, null));
            cw.visitEnd();
            return cw.toByteArray();
        }

        void generate(MethodVisitor method) {
            body = method;
            body.visitCode();
            prologue();
            body.visitJumpInsn(GOTO, labels[region.start]);
            for (int i = 0; i < words.length; i++) {
                if (!region.member[i]) {
                    continue;
                }
                if (region.segmentStart[i]) {
                    startSegment(i);
                }
                instruction(i);
                indexInSegment++;
                int after = Region.after(rows, i);
                boolean last = after >= words.length || !region.member[after];
                if (!rows[i].op().endsBlock() && last) {
                    long next = address(after);
                    exit(() -> constant(next), indexInSegment);
                }
            }
            faultHandlers.forEach(Runnable::run);
            epilogues();
            Label end = new Label();
            body.visitLabel(end);
            body.visitMaxs(0, 0);
            body.visitEnd();
            if (survey != null) {
                codeSize = end.getOffset();
            }
        }

        private long address(int index) {
            return pageBase + 4L * index;
        }

        private void prologue() {
            body.visitVarInsn(ALOAD, CPU_LOCAL);
            body.visitFieldInsn(GETFIELD, CPU, "gpr", "[J");
            body.visitVarInsn(ASTORE, GPR_ARRAY_LOCAL);
            body.visitInsn(ICONST_0);
            body.visitVarInsn(ISTORE, RETIRED_LOCAL);
            // every local is assigned before the first branch so that the verifier sees them on all paths
            body.visitInsn(ICONST_0);
            body.visitVarInsn(ISTORE, EXIT_RESULT_LOCAL);
            body.visitInsn(LCONST_0);
            body.visitVarInsn(LSTORE, EXIT_PC_LOCAL);
            body.visitInsn(ACONST_NULL);
            body.visitVarInsn(ASTORE, EXCEPTION_LOCAL);
            body.visitInsn(ICONST_0);
            body.visitVarInsn(ISTORE, CARRY_IN_LOCAL);
            body.visitInsn(LCONST_0);
            body.visitVarInsn(LSTORE, TEMP_LOCAL);
            body.visitInsn(LCONST_0);
            body.visitVarInsn(LSTORE, TEMP2_LOCAL);
            loadRegisters(loaded(), crLoaded(), lrLoaded(), ctrLoaded());
        }

        /** Loads {@code gprs} that are in {@link #loaded()}, and CR, LR and CTR as asked. */
        private void loadRegisters(BitSet gprs, boolean cr, boolean lr, boolean ctr) {
            for (int r = gprs.nextSetBit(0); r >= 0; r = gprs.nextSetBit(r + 1)) {
                if (loaded().get(r)) {
                    body.visitVarInsn(ALOAD, GPR_ARRAY_LOCAL);
                    constant(r);
                    body.visitInsn(LALOAD);
                    body.visitVarInsn(LSTORE, gprLocal(r));
                }
            }
            if (cr) {
                cpu();
                body.visitFieldInsn(GETFIELD, CPU, "cr", "I");
                body.visitVarInsn(ISTORE, CR_LOCAL);
            }
            if (lr) {
                cpu();
                body.visitFieldInsn(GETFIELD, CPU, "lr", "J");
                body.visitVarInsn(LSTORE, LR_LOCAL);
            }
            if (ctr) {
                cpu();
                body.visitFieldInsn(GETFIELD, CPU, "ctr", "J");
                body.visitVarInsn(LSTORE, CTR_LOCAL);
            }
        }

        private void epilogues() {
            // a normal exit: CR, LR and CTR back, the next PC, the instructions retired
            body.visitLabel(commonExit);
            storeSpecialRegisters();
            cpu();
            body.visitVarInsn(LLOAD, EXIT_PC_LOCAL);
            body.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
            body.visitVarInsn(ILOAD, EXIT_RESULT_LOCAL);
            body.visitInsn(IRETURN);
            // a fault: the PC of the faulting instruction, then the fault with the count retired before it
            body.visitLabel(faultExit);
            storeSpecialRegisters();
            cpu();
            body.visitVarInsn(LLOAD, EXIT_PC_LOCAL);
            body.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
            body.visitVarInsn(ALOAD, EXCEPTION_LOCAL);
            body.visitVarInsn(ILOAD, EXIT_RESULT_LOCAL);
            body.visitMethodInsn(INVOKESTATIC, SUPER, "faultAfter", "(L" + FAULT + ";I)L" + SUPER + "$Fault;", false);
            body.visitInsn(ATHROW);
        }

        private void storeSpecialRegisters() {
            if (crDirty) {
                storeCr();
            }
            if (lrDirty) {
                cpu();
                body.visitVarInsn(LLOAD, LR_LOCAL);
                body.visitFieldInsn(PUTFIELD, CPU, "lr", "J");
            }
            if (ctrDirty) {
                cpu();
                body.visitVarInsn(LLOAD, CTR_LOCAL);
                body.visitFieldInsn(PUTFIELD, CPU, "ctr", "J");
            }
        }

        private void storeCr() {
            cpu();
            body.visitVarInsn(ILOAD, CR_LOCAL);
            body.visitFieldInsn(PUTFIELD, CPU, "cr", "I");
        }

        // ---- registers ----------------------------------------------------------------------

        private static int gprLocal(int r) {
            return FIRST_GPR_LOCAL + 2 * r;
        }

        private void get(int r) {
            used.set(r);
            body.visitVarInsn(LLOAD, gprLocal(r));
        }

        /** RA, or 0 when the RA field is 0 (the base of D- and X-form addresses). */
        private void getOrZero(int r) {
            if (r == 0) {
                body.visitInsn(LCONST_0);
            } else {
                get(r);
            }
        }

        private void put(int r) {
            used.set(r);
            body.visitVarInsn(LSTORE, gprLocal(r));
            // written through (see the class comment)
            body.visitVarInsn(ALOAD, GPR_ARRAY_LOCAL);
            constant(r);
            body.visitVarInsn(LLOAD, gprLocal(r));
            body.visitInsn(LASTORE);
        }

        private void getCr() {
            crUsed = true;
            body.visitVarInsn(ILOAD, CR_LOCAL);
        }

        private void putCr() {
            crUsed = true;
            crDirty = true;
            body.visitVarInsn(ISTORE, CR_LOCAL);
        }

        private void getLr() {
            lrUsed = true;
            body.visitVarInsn(LLOAD, LR_LOCAL);
        }

        private void putLr() {
            lrUsed = true;
            lrDirty = true;
            body.visitVarInsn(LSTORE, LR_LOCAL);
        }

        private void getCtr() {
            ctrUsed = true;
            body.visitVarInsn(LLOAD, CTR_LOCAL);
        }

        private void putCtr() {
            ctrUsed = true;
            ctrDirty = true;
            body.visitVarInsn(LSTORE, CTR_LOCAL);
        }

        private void constant(long value) {
            body.visitLdcInsn(value);
        }

        private void constant(int value) {
            body.visitLdcInsn(value);
        }

        private void cpu() {
            body.visitVarInsn(ALOAD, CPU_LOCAL);
        }

        /** Sets CR field {@code field} from the comparison result (an int) {@code comparison} pushes. */
        private void setCrField(int field, Runnable comparison) {
            getCr();
            constant(field);
            comparison.run();
            cpu();
            body.visitFieldInsn(GETFIELD, CPU, "so", "Z");
            body.visitMethodInsn(INVOKESTATIC, CPU, "comparisonField", "(IZ)I", false);
            body.visitMethodInsn(INVOKESTATIC, CPU, "withCrField", "(III)I", false);
            putCr();
        }

        /** CR0 from register {@code r} compared with zero, when the instruction's Rc bit says. */
        private void recordIf(boolean rc, int r) {
            if (rc) {
                setCrField(0, () -> {
                    get(r);
                    body.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "signum", "(J)I", false);
                });
            }
        }

        // ---- segments, exits ----------------------------------------------------------------

        /** A segment starts with the budget check: leave before it unless all of it fits. */
        private void startSegment(int i) {
            body.visitLabel(labels[i]);
            segmentLength = region.segmentLength(i, rows);
            indexInSegment = 0;
            Label fits = new Label();
            body.visitVarInsn(ILOAD, RETIRED_LOCAL);
            constant(segmentLength);
            body.visitInsn(IADD);
            body.visitVarInsn(ILOAD, BUDGET_LOCAL);
            body.visitJumpInsn(IF_ICMPLE, fits);
            // nothing of this segment ran: RETIRED is still the count before it
            constant(address(i));
            body.visitVarInsn(LSTORE, EXIT_PC_LOCAL);
            body.visitVarInsn(ILOAD, RETIRED_LOCAL);
            body.visitVarInsn(ISTORE, EXIT_RESULT_LOCAL);
            body.visitJumpInsn(GOTO, commonExit);
            body.visitLabel(fits);
            body.visitIincInsn(RETIRED_LOCAL, segmentLength);
        }

        /** Pushes the count retired once the first {@code done} instructions of this segment have. */
        private void retiredAfter(int done) {
            body.visitVarInsn(ILOAD, RETIRED_LOCAL);
            if (done != segmentLength) {
                constant(segmentLength - done);
                body.visitInsn(ISUB);
            }
        }

        /** Leaves the region at the PC {@code next} pushes, {@code done} instructions of this segment retired. */
        private void exit(Runnable next, int done) {
            next.run();
            body.visitVarInsn(LSTORE, EXIT_PC_LOCAL);
            retiredAfter(done);
            body.visitVarInsn(ISTORE, EXIT_RESULT_LOCAL);
            body.visitJumpInsn(GOTO, commonExit);
        }

        /**
         * After the branch ending this segment: continues at instruction {@code index} (-1 when
         * unknown) inside the region by a jump, else leaves it for the address {@code next} pushes.
         */
        private void continueAt(int index, Runnable next) {
            if (index >= 0 && region.segmentStart[index]) {
                body.visitJumpInsn(GOTO, labels[index]);
            } else {
                exit(next, indexInSegment + 1);
            }
        }

        /** After a store or semantics call: a write into this region's own page leaves it, so the new code is decoded. */
        private void leaveIfCodeChanged(int i) {
            int after = Region.after(rows, i);
            if (after >= words.length || !region.member[after]) {
                return; // the region is left after this instruction anyway
            }
            Label unchanged = new Label();
            body.visitVarInsn(ALOAD, PAGE_LOCAL);
            body.visitMethodInsn(INVOKEVIRTUAL, PAGE, "code", "()Ljava/lang/Object;", false);
            body.visitVarInsn(ALOAD, DECODED_LOCAL);
            body.visitJumpInsn(IF_ACMPEQ, unchanged);
            exit(() -> constant(address(after)), indexInSegment + 1);
            body.visitLabel(unchanged);
        }

        // ---- instructions -------------------------------------------------------------------

        private void instruction(int i) {
            int w = words[i];
            long pc = address(i);
            Op op = rows[i].op();
            if (rows[i].semantics() instanceof MemoryAccess access) {
                memoryAccess(access, w, pc, i);
                return;
            }
            if (op == Op.DESCRIBED) {
                semanticsCall(rows[i], w, pc, i);
                return;
            }
            if (op == Op.PREFIXED) {
                prefixedCall(rows[i], w, words[i + 1], pc, i);
                return;
            }
            switch (op) {
                case ADDI -> {
                    getOrZero(ra(w));
                    constant((long) si(w));
                    body.visitInsn(LADD);
                    put(rt(w));
                }
                case ADDIS -> {
                    getOrZero(ra(w));
                    constant((long) si(w) << 16);
                    body.visitInsn(LADD);
                    put(rt(w));
                }
                case ADDPCIS -> {
                    constant(pc + 4 + ((long) Operand.DX.value(w) << 16));
                    put(rt(w));
                }
                case MULLI -> {
                    get(ra(w));
                    constant((long) si(w));
                    body.visitInsn(LMUL);
                    put(rt(w));
                }
                case ADD, SUBF, NEG, MULLD, MULHD, MULHDU -> {
                    if (oe(w) && op != Op.MULHD && op != Op.MULHDU) {
                        semanticsCall(rows[i], w, pc, i);
                        return;
                    }
                    switch (op) {
                        case ADD -> {
                            get(ra(w));
                            get(rb(w));
                            body.visitInsn(LADD);
                        }
                        case SUBF -> {
                            get(rb(w));
                            get(ra(w));
                            body.visitInsn(LSUB);
                        }
                        case NEG -> {
                            get(ra(w));
                            body.visitInsn(LNEG);
                        }
                        case MULLD -> {
                            get(ra(w));
                            get(rb(w));
                            body.visitInsn(LMUL);
                        }
                        default -> {
                            get(ra(w));
                            get(rb(w));
                            body.visitMethodInsn(INVOKESTATIC, "java/lang/Math", op == Op.MULHD ? "multiplyHigh" : "unsignedMultiplyHigh",
                                    "(JJ)J", false);
                        }
                    }
                    put(rt(w));
                    recordIf(rcBit(w), rt(w));
                }
                case MULLW, MULHW, MULHWU -> {
                    if (op == Op.MULLW && oe(w)) {
                        semanticsCall(rows[i], w, pc, i);
                        return;
                    }
                    // the product of the low words, signed (unsigned for mulhwu) in 64 bits; the high forms take its upper word
                    for (int r : new int[] { ra(w), rb(w) }) {
                        get(r);
                        if (op == Op.MULHWU) {
                            constant(0xffffffffL);
                            body.visitInsn(LAND);
                        } else {
                            body.visitInsn(L2I);
                            body.visitInsn(I2L);
                        }
                    }
                    body.visitInsn(LMUL);
                    if (op != Op.MULLW) {
                        constant(32);
                        body.visitInsn(op == Op.MULHW ? LSHR : LUSHR);
                        if (op == Op.MULHW) {
                            constant(0xffffffffL);
                            body.visitInsn(LAND);
                        }
                    }
                    put(rt(w));
                    recordIf(rcBit(w), rt(w));
                }
                case ADDIC, ADDIC_RC, SUBFIC -> carrying(w, op == Op.SUBFIC, () -> constant((long) si(w)), () -> body.visitInsn(op == Op.SUBFIC ? ICONST_1 : ICONST_0),
                        op == Op.ADDIC_RC);
                case ADDC, ADDE, ADDME, ADDZE, SUBFC, SUBFE, SUBFME, SUBFZE -> {
                    if (oe(w)) {
                        semanticsCall(rows[i], w, pc, i);
                        return;
                    }
                    boolean subtract = op == Op.SUBFC || op == Op.SUBFE || op == Op.SUBFME || op == Op.SUBFZE;
                    Runnable b = switch (op) {
                        case ADDME, SUBFME -> () -> constant(-1L);
                        case ADDZE, SUBFZE -> () -> constant(0L);
                        default -> () -> get(rb(w));
                    };
                    Runnable carryIn = switch (op) {
                        case ADDC -> () -> body.visitInsn(ICONST_0);
                        case SUBFC -> () -> body.visitInsn(ICONST_1);
                        default -> () -> {
                            cpu();
                            body.visitFieldInsn(GETFIELD, CPU, "ca", "Z");
                        };
                    };
                    carrying(w, subtract, b, carryIn, rcBit(w));
                }
                case CMPI -> setCrField(bf(w), () -> {
                    if (cmpL(w) != 0) {
                        get(ra(w));
                        constant((long) si(w));
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compare", "(JJ)I", false);
                    } else {
                        get(ra(w));
                        body.visitInsn(L2I);
                        constant(si(w));
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "compare", "(II)I", false);
                    }
                });
                case CMPLI -> setCrField(bf(w), () -> {
                    if (cmpL(w) != 0) {
                        get(ra(w));
                        constant((long) ui(w));
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
                    } else {
                        get(ra(w));
                        body.visitInsn(L2I);
                        constant(ui(w));
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "compareUnsigned", "(II)I", false);
                    }
                });
                case CMP, CMPL -> setCrField(bf(w), () -> {
                    String how = op == Op.CMP ? "compare" : "compareUnsigned";
                    get(ra(w));
                    if (cmpL(w) != 0) {
                        get(rb(w));
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Long", how, "(JJ)I", false);
                    } else {
                        body.visitInsn(L2I);
                        get(rb(w));
                        body.visitInsn(L2I);
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", how, "(II)I", false);
                    }
                });
                case ORI, ORIS, XORI, XORIS, ANDI_RC, ANDIS_RC -> {
                    boolean shifted = op == Op.ORIS || op == Op.XORIS || op == Op.ANDIS_RC;
                    get(rt(w));
                    constant(shifted ? (long) ui(w) << 16 : ui(w));
                    body.visitInsn(switch (op) {
                        case ORI, ORIS -> LOR;
                        case XORI, XORIS -> LXOR;
                        default -> LAND;
                    });
                    put(ra(w));
                    recordIf(op == Op.ANDI_RC || op == Op.ANDIS_RC, ra(w));
                }
                case AND, ANDC, OR, ORC, XOR, NAND, NOR, EQV -> logical(w, () -> {
                    get(rt(w));
                    get(rb(w));
                    if (op == Op.ANDC || op == Op.ORC) {
                        constant(-1L);
                        body.visitInsn(LXOR);
                    }
                    body.visitInsn(switch (op) {
                        case AND, ANDC, NAND -> LAND;
                        case XOR, EQV -> LXOR;
                        default -> LOR;
                    });
                    if (op == Op.NAND || op == Op.NOR || op == Op.EQV) {
                        constant(-1L);
                        body.visitInsn(LXOR);
                    }
                });
                case EXTSB, EXTSH, EXTSW -> logical(w, () -> {
                    get(rt(w));
                    body.visitInsn(L2I);
                    if (op != Op.EXTSW) {
                        body.visitInsn(op == Op.EXTSB ? I2B : I2S);
                    }
                    body.visitInsn(I2L);
                });
                case CNTLZW, CNTLZD -> logical(w, () -> {
                    get(rt(w));
                    if (op == Op.CNTLZW) {
                        body.visitInsn(L2I);
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "numberOfLeadingZeros", "(I)I", false);
                    } else {
                        body.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "numberOfLeadingZeros", "(J)I", false);
                    }
                    body.visitInsn(I2L);
                });
                case SRAWI, SRADI -> {
                    boolean word = op == Op.SRAWI;
                    int n = word ? rb(w) : sh6(w);
                    // CA and CA32 (one value, computed once) from RS before RA, which may be RS, is written
                    get(rt(w));
                    if (word) {
                        body.visitInsn(L2I);
                    }
                    constant(n);
                    body.visitMethodInsn(INVOKESTATIC, FIXED_POINT_LOGICAL, word ? "algebraicCarry32" : "algebraicCarry64",
                            word ? "(II)Z" : "(JI)Z", false);
                    body.visitVarInsn(ISTORE, CARRY_IN_LOCAL);
                    for (String carry : new String[] { "ca", "ca32" }) {
                        cpu();
                        body.visitVarInsn(ILOAD, CARRY_IN_LOCAL);
                        body.visitFieldInsn(PUTFIELD, CPU, carry, "Z");
                    }
                    logical(w, () -> {
                        get(rt(w));
                        if (word) {
                            body.visitInsn(L2I);
                            constant(n);
                            body.visitInsn(ISHR);
                            body.visitInsn(I2L);
                        } else {
                            constant(n);
                            body.visitInsn(LSHR);
                        }
                    });
                }
                case SLW, SRW, SLD, SRD -> logical(w, () -> {
                    get(rt(w));
                    get(rb(w));
                    body.visitInsn(L2I);
                    String helper = switch (op) {
                        case SLW -> "shiftLeftWord";
                        case SRW -> "shiftRightWord";
                        case SLD -> "shiftLeftDouble";
                        default -> "shiftRightDouble";
                    };
                    body.visitMethodInsn(INVOKESTATIC, FIXED_POINT_LOGICAL, helper, "(JI)J", false);
                });
                case RLWINM -> logical(w, () -> {
                    get(rt(w));
                    constant(rb(w));
                    body.visitMethodInsn(INVOKESTATIC, FIXED_POINT_LOGICAL, "rotl32", "(JI)J", false);
                    constant(FixedPointLogical.mask(rc(w) + 32, me(w) + 32));
                    body.visitInsn(LAND);
                });
                case RLWNM -> logical(w, () -> {
                    get(rt(w));
                    get(rb(w));
                    body.visitInsn(L2I);
                    constant(31);
                    body.visitInsn(IAND);
                    body.visitMethodInsn(INVOKESTATIC, FIXED_POINT_LOGICAL, "rotl32", "(JI)J", false);
                    constant(FixedPointLogical.mask(rc(w) + 32, me(w) + 32));
                    body.visitInsn(LAND);
                });
                case RLWIMI -> logical(w, () -> {
                    long m = FixedPointLogical.mask(rc(w) + 32, me(w) + 32);
                    get(rt(w));
                    constant(rb(w));
                    body.visitMethodInsn(INVOKESTATIC, FIXED_POINT_LOGICAL, "rotl32", "(JI)J", false);
                    insertUnderMask(w, m);
                });
                case RLDICL, RLDICR, RLDIC -> logical(w, () -> {
                    rotateLeft(w);
                    constant(switch (op) {
                        case RLDICL -> FixedPointLogical.mask(mb6(w), 63);
                        case RLDICR -> FixedPointLogical.mask(0, mb6(w));
                        default -> FixedPointLogical.mask(mb6(w), 63 - sh6(w));
                    });
                    body.visitInsn(LAND);
                });
                case RLDIMI -> logical(w, () -> {
                    rotateLeft(w);
                    insertUnderMask(w, FixedPointLogical.mask(mb6(w), 63 - sh6(w)));
                });
                case ISEL -> {
                    Label second = new Label();
                    Label join = new Label();
                    crBit(rc(w));
                    body.visitJumpInsn(IFEQ, second);
                    getOrZero(ra(w));
                    body.visitJumpInsn(GOTO, join);
                    body.visitLabel(second);
                    get(rb(w));
                    body.visitLabel(join);
                    put(rt(w));
                }
                case MFSPR -> { // mftb too: it reads LR and CTR for TBR 8 and 9
                    switch (spr(w)) {
                        case 8 -> {
                            getLr();
                            put(rt(w));
                        }
                        case 9 -> {
                            getCtr();
                            put(rt(w));
                        }
                        default -> semanticsCall(rows[i], w, pc, i);
                    }
                }
                case MTSPR -> {
                    switch (spr(w)) {
                        case 8 -> {
                            get(rt(w));
                            putLr();
                        }
                        case 9 -> {
                            get(rt(w));
                            putCtr();
                        }
                        default -> semanticsCall(rows[i], w, pc, i);
                    }
                }
                case MFCR -> {
                    getCr();
                    body.visitInsn(I2L);
                    constant(0xffffffffL);
                    body.visitInsn(LAND);
                    put(rt(w));
                }
                case B -> {
                    link(w, pc);
                    int destination = Region.staticTarget(op, w, i, words.length);
                    continueAt(destination, () -> constant(aa(w) ? li(w) : pc + li(w)));
                }
                case BC -> conditionalBranch(w, pc, i, true, () -> constant(aa(w) ? bd(w) : pc + bd(w)),
                        Region.staticTarget(op, w, i, words.length));
                case BCLR -> {
                    // the target is the LR before this instruction links
                    getLr();
                    constant(~3L);
                    body.visitInsn(LAND);
                    body.visitVarInsn(LSTORE, TEMP2_LOCAL);
                    conditionalBranch(w, pc, i, true, () -> body.visitVarInsn(LLOAD, TEMP2_LOCAL), -1);
                }
                case BCCTR -> conditionalBranch(w, pc, i, false, () -> {
                    getCtr();
                    constant(~3L);
                    body.visitInsn(LAND);
                }, -1);
                case HINT -> {
                    // nothing to order or flush, as in the interpreter
                }
                default -> semanticsCall(rows[i], w, pc, i);   // MULLD with OE, an SPR other than LR and CTR, ...
            }
        }

        private void rotateLeft(int w) {
            get(rt(w));
            constant(sh6(w));
            body.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateLeft", "(JI)J", false);
        }

        /** (rotated & m) | (RA & ~m), the rotated value on the stack. */
        private void insertUnderMask(int w, long m) {
            constant(m);
            body.visitInsn(LAND);
            get(ra(w));
            constant(~m);
            body.visitInsn(LAND);
            body.visitInsn(LOR);
        }

        /** Pushes CR bit {@code bit} as 0 or 1. */
        private void crBit(int bit) {
            getCr();
            constant(31 - bit);
            body.visitInsn(IUSHR);
            body.visitInsn(ICONST_1);
            body.visitInsn(IAND);
        }

        /** An X-form logical, rotate, shift or extend: RA from the pushed result, CR0 when Rc. */
        private void logical(int w, Runnable result) {
            result.run();
            put(ra(w));
            recordIf(rcBit(w), ra(w));
        }

        /**
         * RT = a + b + carry-in with CA and CA32 set as {@link FixedPointArithmetic#carryOut} says; a is RA,
         * complemented for the subtracting forms.
         */
        private void carrying(int w, boolean complementA, Runnable b, Runnable carryIn, boolean record) {
            get(ra(w));
            if (complementA) {
                constant(-1L);
                body.visitInsn(LXOR);
            }
            body.visitVarInsn(LSTORE, TEMP_LOCAL);
            b.run();
            body.visitVarInsn(LSTORE, TEMP2_LOCAL);
            carryIn.run();
            body.visitVarInsn(ISTORE, CARRY_IN_LOCAL);
            cpu();
            carryArguments();
            body.visitMethodInsn(INVOKESTATIC, FIXED_POINT_ARITHMETIC, "carryOut", "(JJI)Z", false);
            body.visitFieldInsn(PUTFIELD, CPU, "ca", "Z");
            cpu();
            carryArguments();
            body.visitMethodInsn(INVOKESTATIC, FIXED_POINT_ARITHMETIC, "carryOut32", "(JJI)Z", false);
            body.visitFieldInsn(PUTFIELD, CPU, "ca32", "Z");
            body.visitVarInsn(LLOAD, TEMP_LOCAL);
            body.visitVarInsn(LLOAD, TEMP2_LOCAL);
            body.visitInsn(LADD);
            body.visitVarInsn(ILOAD, CARRY_IN_LOCAL);
            body.visitInsn(I2L);
            body.visitInsn(LADD);
            put(rt(w));
            recordIf(record, rt(w));
        }

        private void carryArguments() {
            body.visitVarInsn(LLOAD, TEMP_LOCAL);
            body.visitVarInsn(LLOAD, TEMP2_LOCAL);
            body.visitVarInsn(ILOAD, CARRY_IN_LOCAL);
        }

        private void link(int w, long pc) {
            if (lk(w)) {
                constant(pc + 4);
                putLr();
            }
        }

        /**
         * A conditional branch, the last instruction of its segment: decrements CTR and links as the
         * interpreter does, then goes to the target or the next instruction, inside the region when
         * they are in it ({@code inPageTarget}, -1 for none or unknown).
         */
        private void conditionalBranch(int w, long pc, int i, boolean mayDecrement, Runnable target, int inPageTarget) {
            int bo = rt(w);
            Label notTaken = new Label();
            boolean decrements = (bo & 4) == 0 && mayDecrement;
            if (decrements) {
                getCtr();
                body.visitInsn(LCONST_1);
                body.visitInsn(LSUB);
                putCtr();
            }
            link(w, pc);
            if (decrements) {
                getCtr();
                body.visitInsn(LCONST_0);
                body.visitInsn(LCMP);
                // taken while CTR != 0, or while CTR == 0 when BO[3] is set
                body.visitJumpInsn((bo & 2) != 0 ? IFNE : IFEQ, notTaken);
            }
            if ((bo & 16) == 0) {
                crBit(ra(w));
                body.visitJumpInsn((bo & 8) != 0 ? IFEQ : IFNE, notTaken);
            }
            continueAt(inPageTarget, target);
            body.visitLabel(notTaken);
            continueAt(i + 1 < words.length ? i + 1 : -1, () -> constant(pc + 4));
        }

        /**
         * Calls the row's semantics: a constant of the region's class, so that HotSpot inlines it
         * here. The GPRs it may write are read again after it (CR too, which it may read and write;
         * LR and CTR no semantics touches). A fault is made exact like a load's; a stop (trap,
         * illegal form) leaves the region before the instruction, which changed nothing, so that
         * the interpreter runs it and reports the stop.
         */
        private void semanticsCall(Instruction row, int w, long pc, int i) {
            countCallout(row);
            call(row.gprsWritten(w), pc, i, () -> {
                classConstant(row.semantics(), "L" + SEMANTICS + ";");
                cpu();
                body.visitVarInsn(ALOAD, MEMORY_LOCAL);
                constant(w);
                body.visitMethodInsn(INVOKEINTERFACE, SEMANTICS, "execute", "(L" + CPU + ";L" + MEMORY + ";I)V", true);
            });
        }

        /** Calls a prefixed row's semantics with both words and its address (for the PC-relative forms), as {@link #semanticsCall}. */
        private void prefixedCall(Instruction row, int prefix, int suffix, long pc, int i) {
            countCallout(row);
            call(row.gprsWritten(prefix), pc, i, () -> {
                classConstant(row.prefixedForm().action(), "L" + PREFIXED_ACTION + ";");
                cpu();
                body.visitVarInsn(ALOAD, MEMORY_LOCAL);
                constant(prefix);
                constant(suffix);
                constant(pc);
                body.visitMethodInsn(INVOKEINTERFACE, PREFIXED_ACTION, "execute", "(L" + CPU + ";L" + MEMORY + ";IIJ)V", true);
            });
        }

        private void call(BitSet gprsWritten, long pc, int i, Runnable invocation) {
            if (crLoaded()) {
                storeCr();
            }
            Label from = new Label();
            Label to = new Label();
            Label stopped = new Label();
            Label completed = new Label();
            body.visitTryCatchBlock(from, to, stopped, PROGRAM_INTERRUPT);
            guarded(pc, () -> {
                body.visitLabel(from);
                invocation.run();
                body.visitLabel(to);
            });
            body.visitJumpInsn(GOTO, completed);
            body.visitLabel(stopped);
            body.visitInsn(POP);
            exit(() -> constant(pc), indexInSegment);
            body.visitLabel(completed);
            loadRegisters(gprsWritten, crLoaded(), false, false);
            if (!gprsWritten.isEmpty()) {
                leaveIfCodeChanged(i);   // a row that names no GPR has no address: it cannot have written code
            }
        }

        /** Pushes {@code value}, of the type {@code descriptor} names, as a constant: element k of the region class's data. */
        private void classConstant(Object value, String descriptor) {
            body.visitLdcInsn(new ConstantDynamic("_", descriptor, CLASS_DATA_AT, classData.size()));
            classData.add(value);
        }

        /** When the run is profiled: one more callout of {@code row} (its element of the callout counts). */
        private void countCallout(Instruction row) {
            if (callouts == null) {
                return;
            }
            classConstant(callouts, "[J");
            constant(row.index());
            body.visitInsn(DUP2);
            body.visitInsn(LALOAD);
            body.visitInsn(LCONST_1);
            body.visitInsn(LADD);
            body.visitInsn(LASTORE);
        }

        List<Object> classData() {
            return List.copyOf(classData);
        }

        private void memoryAccess(MemoryAccess access, int w, long pc, int i) {
            // the address: update forms keep it for RA
            if (access.update()) {
                get(ra(w));
                displacement(access, w);
                body.visitVarInsn(LSTORE, TEMP_LOCAL);
            }
            boolean fprLoad = access.data() != MemoryAccess.Data.GPR && !access.store();
            if (fprLoad) {
                cpu();
                constant(rt(w));
            }
            body.visitVarInsn(ALOAD, MEMORY_LOCAL);
            if (access.update()) {
                body.visitVarInsn(LLOAD, TEMP_LOCAL);
            } else {
                getOrZero(ra(w));
                displacement(access, w);
            }
            if (access.store()) {
                storedValue(access, w);
            }
            String name = (access.store() ? "write" : "read") + 8 * access.size();
            String descriptor = access.store() ? (access.size() == 8 ? "(JJ)V" : "(JI)V") : (access.size() == 8 ? "(J)J" : "(J)I");
            guarded(pc, () -> body.visitMethodInsn(INVOKEVIRTUAL, MEMORY, name, descriptor, false));
            if (!access.store()) {
                loadedValue(access, w);
            }
            if (access.update()) {
                body.visitVarInsn(LLOAD, TEMP_LOCAL);
                put(ra(w));
            }
            if (access.store()) {
                leaveIfCodeChanged(i);
            }
        }

        /** Pushes what a store writes: the GPR (narrowed) or the FPR (as a single when asked). */
        private void storedValue(MemoryAccess access, int w) {
            switch (access.data()) {
                case GPR -> {
                    get(rt(w));
                    if (access.size() < 8) {
                        body.visitInsn(L2I);
                    }
                }
                case DOUBLE -> fpr(rt(w));
                case SINGLE -> {
                    fpr(rt(w));
                    body.visitMethodInsn(INVOKESTATIC, FLOATING_POINT_BITS, "storeSingle", "(J)I", false);
                }
            }
        }

        private void fpr(int r) {
            cpu();
            constant(r);
            body.visitMethodInsn(INVOKEVIRTUAL, CPU, "fpr", "(I)J", false);
        }

        /** Widens a loaded value and writes it to RT (a GPR) or FRT (cpu, index already pushed). */
        private void loadedValue(MemoryAccess access, int w) {
            switch (access.data()) {
                case GPR -> {
                    switch (access.size()) {
                        case 1 -> body.visitInsn(I2L);
                        case 2 -> {
                            if (access.signed()) {
                                body.visitInsn(I2S);
                            }
                            body.visitInsn(I2L);
                        }
                        case 4 -> {
                            body.visitInsn(I2L);
                            if (!access.signed()) {
                                constant(0xffffffffL);
                                body.visitInsn(LAND);
                            }
                        }
                        default -> {
                        }
                    }
                    put(rt(w));
                }
                case DOUBLE -> body.visitMethodInsn(INVOKEVIRTUAL, CPU, "setFpr", "(IJ)V", false);
                case SINGLE -> {
                    body.visitMethodInsn(INVOKESTATIC, FLOATING_POINT_BITS, "singleToDouble", "(I)J", false);
                    body.visitMethodInsn(INVOKEVIRTUAL, CPU, "setFpr", "(IJ)V", false);
                }
            }
        }

        /** Adds the displacement (or RB for X-forms) to the base on the stack. */
        private void displacement(MemoryAccess access, int w) {
            switch (access.form()) {
                case D -> constant((long) si(w));
                case DS -> constant((long) ds(w));
                case X -> get(rb(w));
            }
            body.visitInsn(LADD);
        }

        /**
         * Emits a memory access with a handler that makes a fault exact: the PC is this instruction
         * and the count is what retired before it (the registers are in the Cpu already).
         */
        private void guarded(long pc, Runnable call) {
            Label from = new Label();
            Label to = new Label();
            Label handler = new Label();
            body.visitTryCatchBlock(from, to, handler, FAULT);
            body.visitLabel(from);
            call.run();
            body.visitLabel(to);
            int done = indexInSegment;
            int segment = segmentLength;
            faultHandlers.add(() -> faultHandler(handler, pc, done, segment));
        }

        private void faultHandler(Label handler, long pc, int done, int segment) {
            body.visitLabel(handler);
            body.visitVarInsn(ASTORE, EXCEPTION_LOCAL);
            constant(pc);
            body.visitVarInsn(LSTORE, EXIT_PC_LOCAL);
            body.visitVarInsn(ILOAD, RETIRED_LOCAL);
            if (done != segment) {
                constant(segment - done);
                body.visitInsn(ISUB);
            }
            body.visitVarInsn(ISTORE, EXIT_RESULT_LOCAL);
            body.visitJumpInsn(GOTO, faultExit);
        }
    }
}
