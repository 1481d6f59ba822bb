package dev.k42lens.core.cpu.translate;

import static dev.k42lens.core.cpu.isa.Fields.*;
import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import dev.k42lens.core.cpu.Cpu;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.cpu.isa.Op;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Compiles a hot block of guest code into a {@link TranslatedBlock} with ASM. Only the integer
 * instructions that dominate CPU-bound programs are translated (add/compare/logical/rotate, the
 * byte-to-doubleword loads and stores, unconditional and conditional branches); a block ends before
 * the first other instruction, which the interpreter then runs. Semantics are the interpreter's:
 * the generated code calls its shared helpers (rotations, masks, branch conditions, CR fields).
 * <p>
 * GPRs and the CR live in JVM locals inside the block: each register the block touches is loaded
 * once on entry and the ones it wrote are stored back on every exit, including the exception
 * handler of each memory access, which stores back what earlier instructions wrote and sets the PC
 * to the faulting instruction before rethrowing.
 */
public final class BlockTranslator {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private static final String CPU = Type.getInternalName(Cpu.class);
    private static final String MEMORY = Type.getInternalName(GuestMemory.class);
    private static final String PAGE = Type.getInternalName(GuestMemory.Page.class);
    private static final String INTERPRETER = Type.getInternalName(Interpreter.class);
    private static final String FAULT = Type.getInternalName(GuestFault.class);
    private static final String SUPER = Type.getInternalName(TranslatedBlock.class);
    private static final String EXECUTE_DESCRIPTOR = "(L" + CPU + ";L" + MEMORY + ";L" + PAGE + ";Ljava/lang/Object;)I";

    // locals of execute()
    private static final int CPU_LOCAL = 1;
    private static final int MEMORY_LOCAL = 2;
    private static final int PAGE_LOCAL = 3;
    private static final int DECODED_LOCAL = 4;
    private static final int GPR_ARRAY_LOCAL = 5;
    private static final int CR_LOCAL = 6;
    private static final int TEMP_LOCAL = 7; // a long: update-form addresses, branch targets
    private static final int FIRST_GPR_LOCAL = 9;

    /** How a load or store forms its address. */
    private enum Form { D, DS, X }

    private record Access(Form form, int size, boolean signed, boolean update, boolean store) {
    }

    private static final Map<Op, Access> ACCESSES = new EnumMap<>(Op.class);

    static {
        access(Op.LBZ, Form.D, 1, false, false, false);
        access(Op.LHZ, Form.D, 2, false, false, false);
        access(Op.LHA, Form.D, 2, true, false, false);
        access(Op.LWZ, Form.D, 4, false, false, false);
        access(Op.LWA, Form.DS, 4, true, false, false);
        access(Op.LD, Form.DS, 8, false, false, false);
        access(Op.LBZU, Form.D, 1, false, true, false);
        access(Op.LHZU, Form.D, 2, false, true, false);
        access(Op.LWZU, Form.D, 4, false, true, false);
        access(Op.LDU, Form.DS, 8, false, true, false);
        access(Op.LBZX, Form.X, 1, false, false, false);
        access(Op.LHZX, Form.X, 2, false, false, false);
        access(Op.LHAX, Form.X, 2, true, false, false);
        access(Op.LWZX, Form.X, 4, false, false, false);
        access(Op.LWAX, Form.X, 4, true, false, false);
        access(Op.LDX, Form.X, 8, false, false, false);
        access(Op.STB, Form.D, 1, false, false, true);
        access(Op.STH, Form.D, 2, false, false, true);
        access(Op.STW, Form.D, 4, false, false, true);
        access(Op.STD, Form.DS, 8, false, false, true);
        access(Op.STBU, Form.D, 1, false, true, true);
        access(Op.STHU, Form.D, 2, false, true, true);
        access(Op.STWU, Form.D, 4, false, true, true);
        access(Op.STDU, Form.DS, 8, false, true, true);
        access(Op.STBX, Form.X, 1, false, false, true);
        access(Op.STHX, Form.X, 2, false, false, true);
        access(Op.STWX, Form.X, 4, false, false, true);
        access(Op.STDX, Form.X, 8, false, false, true);
    }

    private static void access(Op op, Form form, int size, boolean signed, boolean update, boolean store) {
        ACCESSES.put(op, new Access(form, size, signed, update, store));
    }

    private BlockTranslator() {
    }

    /** Whether the translator handles {@code op} with instruction word {@code w}. */
    public static boolean supports(Op op, int w) {
        return switch (op) {
            case B, BC, BCLR, ADDI, ADDIS, MULLI, CMPI, CMPLI, CMP, CMPL, ORI, ORIS, XORI, XORIS, ANDI_RC, ANDIS_RC, AND, ANDC, OR,
                    XOR, NOR, EXTSB, EXTSH, EXTSW, RLWINM, RLDICL, RLDICR, RLDIMI -> true;
            case BCCTR -> (rt(w) & 4) != 0; // the decrementing form is illegal: the interpreter reports it
            case ADD, SUBF, NEG, MULLD -> !oe(w);
            default -> ACCESSES.containsKey(op);
        };
    }

    /** Whether {@code op} ends a block: control leaves straight-line code after it. */
    public static boolean endsBlock(Op op) {
        return op == Op.B || op == Op.BC || op == Op.BCLR || op == Op.BCCTR || op == Op.BCTAR;
    }

    /**
     * Translates the instructions {@code words[0..count)} (operations {@code ops}) at {@code start}
     * up to and including the first branch, stopping before the first one {@link #supports} declines.
     * Returns null when it declines the first.
     */
    public static TranslatedBlock translate(long start, int[] words, Op[] ops, int count) {
        int length = 0;
        while (length < count && supports(ops[length], words[length])) {
            length++;
            if (endsBlock(ops[length - 1])) {
                break;
            }
        }
        if (length == 0) {
            return null;
        }
        byte[] bytes = new Generator(start, words, ops, length).classBytes();
        try {
            MethodHandles.Lookup block = LOOKUP.defineHiddenClass(bytes, true);
            return (TranslatedBlock) block.findConstructor(block.lookupClass(), MethodType.methodType(void.class, long.class, int.class))
                    .invoke(start, length);
        } catch (Throwable e) {
            throw new IllegalStateException(String.format("translating the block at 0x%x failed", start), e);
        }
    }

    /** Generates one block's class: its constructor and execute(). */
    private static final class Generator {
        private final long start;
        private final int[] words;
        private final Op[] ops;
        private final int length;
        private final MethodNode body = new MethodNode(ACC_PUBLIC, "execute", EXECUTE_DESCRIPTOR, null, null);
        /** Registers the block reads or writes: loaded on entry. */
        private final BitSet used = new BitSet(32);
        /** Registers written so far: stored back on exit. */
        private final BitSet dirty = new BitSet(32);
        private boolean crUsed;
        private boolean crDirty;
        private final List<Runnable> faultHandlers = new ArrayList<>();

        Generator(long start, int[] words, Op[] ops, int length) {
            this.start = start;
            this.words = words;
            this.ops = ops;
            this.length = length;
        }

        byte[] classBytes() {
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return a.equals(b) ? a : "java/lang/Object"; // no merge in a block needs more precision
                }
            };
            String name = "dev/k42lens/core/cpu/translate/Block_" + Long.toHexString(start);
            cw.visit(V21, ACC_FINAL | ACC_SUPER, name, null, SUPER, null);
            var init = cw.visitMethod(ACC_PUBLIC, "<init>", "(JI)V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitVarInsn(LLOAD, 1);
            init.visitVarInsn(ILOAD, 3);
            init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "(JI)V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            for (int i = 0; i < length; i++) {
                instruction(i);
            }
            if (!endsBlock(ops[length - 1])) {
                exit(start + 4L * length, length);
            }
            faultHandlers.forEach(Runnable::run);
            body.instructions.insert(prologue());
            body.accept(cw);
            cw.visitEnd();
            return cw.toByteArray();
        }

        private InsnList prologue() {
            InsnList in = new InsnList();
            in.add(new VarInsnNode(ALOAD, CPU_LOCAL));
            in.add(new FieldInsnNode(GETFIELD, CPU, "gpr", "[J"));
            in.add(new VarInsnNode(ASTORE, GPR_ARRAY_LOCAL));
            for (int r = used.nextSetBit(0); r >= 0; r = used.nextSetBit(r + 1)) {
                in.add(new VarInsnNode(ALOAD, GPR_ARRAY_LOCAL));
                in.add(new LdcInsnNode(r));
                in.add(new InsnNode(LALOAD));
                in.add(new VarInsnNode(LSTORE, FIRST_GPR_LOCAL + 2 * r));
            }
            if (crUsed) {
                in.add(new VarInsnNode(ALOAD, CPU_LOCAL));
                in.add(new FieldInsnNode(GETFIELD, CPU, "cr", "I"));
                in.add(new VarInsnNode(ISTORE, CR_LOCAL));
            }
            return in;
        }

        // ---- registers ----------------------------------------------------------------------

        private void get(int r) {
            used.set(r);
            body.visitVarInsn(LLOAD, FIRST_GPR_LOCAL + 2 * r);
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
            dirty.set(r);
            body.visitVarInsn(LSTORE, FIRST_GPR_LOCAL + 2 * r);
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

        /** Sets CR field {@code field} from the comparison result (an int) the caller pushes next. */
        private void setCrField(int field, Runnable comparison) {
            crUsed = true;
            crDirty = true;
            body.visitVarInsn(ILOAD, CR_LOCAL);
            constant(field);
            comparison.run();
            cpu();
            body.visitFieldInsn(GETFIELD, CPU, "so", "Z");
            body.visitMethodInsn(INVOKESTATIC, CPU, "comparisonField", "(IZ)I", false);
            body.visitMethodInsn(INVOKESTATIC, CPU, "withCrField", "(III)I", false);
            body.visitVarInsn(ISTORE, CR_LOCAL);
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

        /** Stores back the registers in {@code written} (and the CR if {@code crWritten}). */
        private void storeBack(BitSet written, boolean crWritten) {
            for (int r = written.nextSetBit(0); r >= 0; r = written.nextSetBit(r + 1)) {
                body.visitVarInsn(ALOAD, GPR_ARRAY_LOCAL);
                constant(r);
                body.visitVarInsn(LLOAD, FIRST_GPR_LOCAL + 2 * r);
                body.visitInsn(LASTORE);
            }
            if (crWritten) {
                cpu();
                body.visitVarInsn(ILOAD, CR_LOCAL);
                body.visitFieldInsn(PUTFIELD, CPU, "cr", "I");
            }
        }

        private void setPc(long pc) {
            cpu();
            constant(pc);
            body.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
        }

        /** Leaves the block at {@code next} having retired {@code retired} instructions. */
        private void exit(long next, int retired) {
            storeBack(dirty, crDirty);
            setPc(next);
            constant(retired);
            body.visitInsn(IRETURN);
        }

        // ---- instructions -------------------------------------------------------------------

        private void instruction(int i) {
            int w = words[i];
            long pc = start + 4L * i;
            Op op = ops[i];
            Access access = ACCESSES.get(op);
            if (access != null) {
                memoryAccess(access, w, pc, i);
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
                case MULLI -> {
                    get(ra(w));
                    constant((long) si(w));
                    body.visitInsn(LMUL);
                    put(rt(w));
                }
                case ADD -> arithmetic(w, () -> {
                    get(ra(w));
                    get(rb(w));
                    body.visitInsn(LADD);
                });
                case SUBF -> arithmetic(w, () -> {
                    get(rb(w));
                    get(ra(w));
                    body.visitInsn(LSUB);
                });
                case NEG -> arithmetic(w, () -> {
                    get(ra(w));
                    body.visitInsn(LNEG);
                });
                case MULLD -> arithmetic(w, () -> {
                    get(ra(w));
                    get(rb(w));
                    body.visitInsn(LMUL);
                });
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
                case AND, ANDC, OR, XOR, NOR -> logical(w, () -> {
                    get(rt(w));
                    get(rb(w));
                    if (op == Op.ANDC) {
                        constant(-1L);
                        body.visitInsn(LXOR);
                    }
                    body.visitInsn(switch (op) {
                        case AND, ANDC -> LAND;
                        case XOR -> LXOR;
                        default -> LOR;
                    });
                    if (op == Op.NOR) {
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
                case RLWINM -> logical(w, () -> {
                    get(rt(w));
                    constant(rb(w));
                    body.visitMethodInsn(INVOKESTATIC, INTERPRETER, "rotl32", "(JI)J", false);
                    constant(Interpreter.mask(rc(w) + 32, me(w) + 32));
                    body.visitInsn(LAND);
                });
                case RLDICL, RLDICR -> logical(w, () -> {
                    rotateLeft(w);
                    constant(op == Op.RLDICL ? Interpreter.mask(mb6(w), 63) : Interpreter.mask(0, mb6(w)));
                    body.visitInsn(LAND);
                });
                case RLDIMI -> logical(w, () -> {
                    long m = Interpreter.mask(mb6(w), 63 - sh6(w));
                    rotateLeft(w);
                    constant(m);
                    body.visitInsn(LAND);
                    get(ra(w));
                    constant(~m);
                    body.visitInsn(LAND);
                    body.visitInsn(LOR);
                });
                case B -> {
                    storeBack(dirty, crDirty);
                    link(w, pc);
                    setPc(aa(w) ? li(w) : pc + li(w));
                    retire(i + 1);
                }
                case BC -> conditionalBranch(w, pc, i, true, () -> constant(aa(w) ? bd(w) : pc + bd(w)));
                case BCLR -> {
                    // the target is the LR before this instruction links
                    cpu();
                    body.visitFieldInsn(GETFIELD, CPU, "lr", "J");
                    constant(~3L);
                    body.visitInsn(LAND);
                    body.visitVarInsn(LSTORE, TEMP_LOCAL);
                    conditionalBranch(w, pc, i, true, () -> body.visitVarInsn(LLOAD, TEMP_LOCAL));
                }
                case BCCTR -> conditionalBranch(w, pc, i, false, () -> {
                    cpu();
                    body.visitFieldInsn(GETFIELD, CPU, "ctr", "J");
                    constant(~3L);
                    body.visitInsn(LAND);
                });
                default -> throw new IllegalArgumentException("not translated: " + op);
            }
        }

        private void rotateLeft(int w) {
            get(rt(w));
            constant(sh6(w));
            body.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateLeft", "(JI)J", false);
        }

        /** An XO-form without OE: RT from the pushed result, CR0 when Rc. */
        private void arithmetic(int w, Runnable result) {
            result.run();
            put(rt(w));
            recordIf(rcBit(w), rt(w));
        }

        /** An X-form logical, rotate or extend: RA from the pushed result, CR0 when Rc. */
        private void logical(int w, Runnable result) {
            result.run();
            put(ra(w));
            recordIf(rcBit(w), ra(w));
        }

        private void link(int w, long pc) {
            if (lk(w)) {
                cpu();
                constant(pc + 4);
                body.visitFieldInsn(PUTFIELD, CPU, "lr", "J");
            }
        }

        /** The block's last instruction: stores back, then decides the next PC as the interpreter does. */
        private void conditionalBranch(int w, long pc, int i, boolean mayDecrement, Runnable target) {
            storeBack(dirty, crDirty);
            Label notTaken = new Label();
            Label join = new Label();
            cpu();
            cpu();
            constant(rt(w));
            constant(ra(w));
            body.visitInsn(mayDecrement ? ICONST_1 : ICONST_0);
            body.visitMethodInsn(INVOKESTATIC, INTERPRETER, "branchTaken", "(L" + CPU + ";IIZ)Z", false);
            body.visitJumpInsn(IFEQ, notTaken);
            target.run();
            body.visitJumpInsn(GOTO, join);
            body.visitLabel(notTaken);
            constant(pc + 4);
            body.visitLabel(join);
            body.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
            link(w, pc);
            retire(i + 1);
        }

        private void retire(int retired) {
            constant(retired);
            body.visitInsn(IRETURN);
        }

        private void memoryAccess(Access access, int w, long pc, int i) {
            // the address: update forms keep it for RA
            if (access.update()) {
                get(ra(w));
                displacement(access, w);
                body.visitVarInsn(LSTORE, TEMP_LOCAL);
            }
            body.visitVarInsn(ALOAD, MEMORY_LOCAL);
            if (access.update()) {
                body.visitVarInsn(LLOAD, TEMP_LOCAL);
            } else {
                getOrZero(ra(w));
                displacement(access, w);
            }
            if (access.store()) {
                get(rt(w));
                if (access.size() < 8) {
                    body.visitInsn(L2I);
                }
            }
            String name = (access.store() ? "write" : "read") + 8 * access.size();
            String descriptor = access.store() ? (access.size() == 8 ? "(JJ)V" : "(JI)V") : (access.size() == 8 ? "(J)J" : "(J)I");
            guarded(pc, () -> body.visitMethodInsn(INVOKEVIRTUAL, MEMORY, name, descriptor, false));
            if (!access.store()) {
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
            if (access.update()) {
                body.visitVarInsn(LLOAD, TEMP_LOCAL);
                put(ra(w));
            }
            if (access.store() && i + 1 < length) {
                // a store into this block's own page: leave so that the interpreter decodes what was written
                Label unchanged = new Label();
                body.visitVarInsn(ALOAD, PAGE_LOCAL);
                body.visitFieldInsn(GETFIELD, PAGE, "code", "Ljava/lang/Object;");
                body.visitVarInsn(ALOAD, DECODED_LOCAL);
                body.visitJumpInsn(IF_ACMPEQ, unchanged);
                exit(pc + 4, i + 1);
                body.visitLabel(unchanged);
            }
        }

        /** Adds the displacement (or RB for X-forms) to the base on the stack. */
        private void displacement(Access access, int w) {
            switch (access.form()) {
                case D -> constant((long) si(w));
                case DS -> constant((long) ds(w));
                case X -> get(rb(w));
            }
            body.visitInsn(LADD);
        }

        /**
         * Emits a memory access with a handler that makes a fault exact: it stores back what the
         * instructions before this one wrote, sets the PC to this instruction and rethrows.
         */
        private void guarded(long pc, Runnable call) {
            Label from = new Label();
            Label to = new Label();
            Label handler = new Label();
            body.visitTryCatchBlock(from, to, handler, FAULT);
            body.visitLabel(from);
            call.run();
            body.visitLabel(to);
            BitSet written = (BitSet) dirty.clone();
            boolean crWritten = crDirty;
            faultHandlers.add(() -> {
                body.visitLabel(handler);
                storeBack(written, crWritten);
                setPc(pc);
                body.visitInsn(ATHROW);
            });
        }
    }
}
