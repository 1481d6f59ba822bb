package dev.k42lens.core.cpu.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.ExecutionProfile;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.cpu.Stop;
import dev.k42lens.core.cpu.isa.InstructionTable;
import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/**
 * Differential check of the block translator: random register states run through a translated
 * region and through the interpreter (translation off) must leave every register, the retired
 * count and memory identical, faults and budgets included.
 */
class BlockTranslatorTest {
    private static final long CODE = 0x10000;
    private static final long DATA = 0x20000;
    private static final long UNMAPPED = 0x50000;
    /** Block-start visits before translation here: the loops below are far shorter than real programs' hot code. */
    private static final int HOT_VISITS = 50;

    private static int d(int opcode, int rt, int ra, int immediate) {
        return opcode << 26 | rt << 21 | ra << 16 | (immediate & 0xffff);
    }

    private static int x(int rt, int ra, int rb, int xo, int rc) {
        return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1 | rc;
    }

    private static int cmp(int opcode, int bf, int l, int ra, int rbOrImmediate) {
        return opcode == 31 ? 31 << 26 | bf << 23 | l << 21 | ra << 16 | rbOrImmediate << 11
                : opcode << 26 | bf << 23 | l << 21 | ra << 16 | (rbOrImmediate & 0xffff);
    }

    private static int md(int rs, int ra, int sh, int mb, int xo, int rc) {
        return 30 << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 | (mb & 31) << 6 | (mb & 32) | xo << 2 | (sh >> 5) << 1 | rc;
    }

    private static int rlwinm(int rs, int ra, int sh, int mb, int me, int rc) {
        return m(21, rs, ra, sh, mb, me, rc);
    }

    /** An M-form rotate (rlwinm 21, rlwimi 20, rlwnm 23 with RB in the SH field). */
    private static int m(int opcode, int rs, int ra, int sh, int mb, int me, int rc) {
        return opcode << 26 | rs << 21 | ra << 16 | sh << 11 | mb << 6 | me << 1 | rc;
    }

    /** mtspr (xo 467) or mfspr (xo 339) of LR (8), CTR (9) or XER (1). */
    private static int spr(int xo, int r, int spr) {
        return 31 << 26 | r << 21 | (spr & 31) << 16 | (spr >> 5) << 11 | xo << 1;
    }

    /** An A-form floating-point arithmetic instruction. */
    private static int a(int frt, int fra, int frb, int frc, int xo) {
        return 63 << 26 | frt << 21 | fra << 16 | frb << 11 | frc << 6 | xo << 1;
    }

    private static final int OE = 1 << 10;

    /** An XX3-form VSX instruction on VSRs 0-63. */
    private static int xx3(int xt, int xa, int xb, int xo) {
        return 60 << 26 | (xt & 31) << 21 | (xa & 31) << 16 | (xb & 31) << 11 | xo << 3 | (xa >> 5) << 2 | (xb >> 5) << 1 | xt >> 5;
    }

    /** An X-form VSX load or store of VSR xt at RA0 + RB. */
    private static int xvsx(int xt, int ra, int rb, int xo) {
        return 31 << 26 | (xt & 31) << 21 | ra << 16 | rb << 11 | xo << 1 | xt >> 5;
    }

    /** A VX-form (or, with vrc, VA-form) VMX instruction. */
    private static int vx(int vrt, int vra, int vrb, int xo) {
        return 4 << 26 | vrt << 21 | vra << 16 | vrb << 11 | xo;
    }

    /** A block of every translated non-branch kind, r3 a data pointer and r4 a small index. */
    private static final int[] BODY = {
        d(14, 5, 4, 7), // addi r5,r4,7
        d(15, 22, 0, -3), // lis r22,-3
        x(6, 5, 4, 266, 1), // add. r6,r5,r4
        x(7, 4, 6, 40, 0), // subf r7,r4,r6
        x(8, 6, 7, 233, 1), // mulld. r8,r6,r7
        d(7, 23, 8, -77), // mulli r23,r8,-77
        x(24, 8, 0, 104, 1), // neg. r24,r8
        cmp(31, 1, 1, 7, 8), // cmpd cr1,r7,r8
        cmp(31, 5, 0, 8, 23) | 32 << 1, // cmplw cr5,r8,r23
        cmp(10, 2, 0, 5, 100), // cmplwi cr2,r5,100
        cmp(11, 3, 1, 6, -5), // cmpdi cr3,r6,-5
        x(6, 9, 8, 316, 0), // xor r9,r6,r8
        x(9, 10, 5, 444, 1), // or. r10,r9,r5
        x(9, 11, 8, 28, 0), // and r11,r9,r8
        x(9, 12, 8, 60, 1), // andc. r12,r9,r8
        x(9, 25, 8, 124, 0), // nor r25,r9,r8
        x(8, 13, 0, 986, 1), // extsw. r13,r8
        x(8, 26, 0, 954, 0), // extsb r26,r8
        x(8, 27, 0, 922, 1), // extsh. r27,r8
        rlwinm(8, 14, 5, 3, 28, 1), // rlwinm. r14,r8,5,3,28
        md(8, 15, 13, 20, 0, 0), // rldicl r15,r8,13,20
        md(8, 16, 45, 40, 1, 1), // rldicr. r16,r8,45,40
        md(9, 15, 7, 33, 3, 0), // rldimi r15,r9,7,33
        d(28, 17, 9, 0x0ff0), // andi. r17,r9,0x0ff0
        d(29, 18, 9, 0x8001), // andis. r18,r9,0x8001
        d(24, 17, 17, 0xabcd), // ori r17,r17,0xabcd
        d(25, 18, 18, 0x1234), // oris r18,r18,0x1234
        d(26, 19, 9, 0xffff), // xori r19,r9,0xffff
        d(27, 19, 19, 0x8000), // xoris r19,r19,0x8000
        x(6, 9, 8, 412, 0), // orc r9,r6,r8
        x(9, 12, 8, 476, 1), // nand. r12,r9,r8
        x(9, 25, 6, 284, 0), // eqv r25,r9,r6
        x(8, 13, 4, 24, 1), // slw. r13,r8,r4
        x(9, 26, 4, 536, 0), // srw r26,r9,r4
        x(6, 27, 4, 27, 0), // sld r27,r6,r4
        x(8, 14, 4, 539, 1), // srd. r14,r8,r4
        x(9, 15, 0, 26, 0), // cntlzw r15,r9
        x(8, 16, 0, 58, 1), // cntlzd. r16,r8
        m(23, 9, 17, 4, 5, 30, 1), // rlwnm. r17,r9,r4,5,30
        m(20, 8, 18, 9, 30, 4, 0), // rlwimi r18,r8,9,30,4
        md(9, 19, 11, 7, 2, 1), // rldic. r19,r9,11,7
        x(9, 23, 0, 826, 0) | 1 << 1, // sradi r23,r9,32 (inline, as the ones below: sets CA and CA32)
        d(12, 20, 8, -9), // addic r20,r8,-9
        d(13, 21, 9, 300), // addic. r21,r9,300
        d(8, 22, 6, 17), // subfic r22,r6,17
        x(24, 9, 6, 138, 1), // adde. r24,r9,r6
        x(25, 8, 0, 234, 0), // addme r25,r8
        x(26, 6, 0, 202, 1), // addze. r26,r6
        x(27, 9, 8, 8, 0), // subfc r27,r9,r8
        x(28, 8, 6, 136, 1), // subfe. r28,r8,r6
        x(29, 9, 0, 232, 0), // subfme r29,r9
        x(30, 6, 0, 200, 0), // subfze r30,r6
        x(23, 1, 2, 10, 0), // addc r23,r1,r2 (last, on random registers: CA and CA32 reach the end)
        x(31, 8, 9, 73, 0), // mulhd r31,r8,r9
        x(20, 6, 9, 9, 1), // mulhdu. r20,r6,r9
        x(21, 8, 9, 266, 1) | OE, // addo. r21,r8,r9 (a semantics call)
        x(22, 8, 6, 457, 0), // divdu r22,r8,r6 (a semantics call)
        31 << 26 | 24 << 21 | 8 << 16 | 9 << 11 | 6 << 6 | 15 << 1, // isel r24,r8,r9,6
        31 << 26 | 25 << 21 | 19 << 1, // mfcr r25
        spr(467, 8, 8), // mtlr r8
        spr(339, 26, 8), // mflr r26
        spr(371, 29, 8), // mftb r29 with TBR 8: reads LR, as the interpreter does
        spr(467, 9, 9), // mtctr r9
        spr(339, 27, 9), // mfctr r27
        spr(339, 28, 1), // mfxer r28 (a semantics call)
        spr(467, 5, 9), // mtctr r5 (small: the bdnz end)
        d(50, 1, 3, 8), // lfd f1,8(r3)
        d(48, 2, 3, 20), // lfs f2,20(r3)
        a(3, 1, 2, 0, 21), // fadd f3,f1,f2 (its described semantics, called in the region)
        a(7, 3, 0, 1, 25), // fmul f7,f3,f1
        a(8, 7, 2, 0, 18), // fdiv f8,f7,f2
        a(9, 8, 1, 0, 20), // fsub f9,f8,f1
        a(10, 9, 7, 8, 28), // fmsub f10,f9,f8,f7
        a(11, 10, 9, 3, 29), // fmadd f11,f10,f3,f9
        a(4, 1, 2, 3, 29) | 1, // fmadd. f4,f1,f3,f2 (writes CR1)
        63 << 26 | 6 << 23 | 1 << 16 | 4 << 11, // fcmpu cr6,f1,f4 (writes CR6)
        d(54, 4, 3, 40), // stfd f4,40(r3)
        d(52, 3, 3, 52), // stfs f3,52(r3)
        x(5, 3, 4, 599, 0), // lfdx f5,r3,r4
        x(5, 3, 4, 727, 0), // stfdx f5,r3,r4
        d(51, 6, 3, 16), // lfdu f6,16(r3)
        d(55, 6, 3, 8), // stfdu f6,8(r3)
        x(0, 3, 4, 1014, 0), // dcbz r3,r4 (a semantics call that writes memory)
        xvsx(40, 3, 4, 844), // lxvd2x vs40,r3,r4
        xvsx(41, 3, 4, 332), // lxvdsx vs41,r3,r4
        xx3(42, 40, 41, 96), // xvadddp vs42,vs40,vs41 (inline when rounding to nearest)
        xx3(43, 42, 40, 104), // xvsubdp vs43,vs42,vs40
        xx3(44, 43, 1, 112), // xvmuldp vs44,vs43,vs1
        xx3(44, 42, 43, 97), // xvmaddadp vs44,vs42,vs43
        xx3(45, 44, 41, 105), // xvmaddmdp vs45,vs44,vs41
        xx3(46, 44, 42, 120), // xvdivdp vs46,vs44,vs42 (a semantics call)
        xvsx(45, 3, 4, 972), // stxvd2x vs45,r3,r4
        vx(12, 8, 9, 322), // vmaxsh v12,v8,v9 (a call of its row's semantics)
        vx(13, 8, 12, 1024 | 838), // vcmpgtsh. v13,v8,v12 (writes CR6, read again after the semantics call)
        vx(14, 8, 9, 10 << 6 | 36), // vmsumubm v14,v8,v9,v10
        vx(15, 14, 8, 1856), // vsubshs v15,v14,v8 (may set VSCR[SAT])
        x(22, 0, 0, 19, 0), // mfcr r22 (inline, after the CR6 write)
        // before the loads and stores, which write none of their targets, CA or CR0; on r1 and r2,
        // which nothing above writes: random, so signs and upper words vary; addze rT,r0 keeps each
        // CA, mfcr each CR0
        x(1, 10, 5, 826, 1), // sradi. r10,r1,5
        x(11, 0, 0, 202, 0), // addze r11,r0
        31 << 26 | 12 << 21 | 19 << 1, // mfcr r12
        x(2, 13, 31, 826, 0) | 1 << 1, // sradi r13,r2,63
        x(14, 0, 0, 202, 0), // addze r14,r0
        x(1, 15, 0, 824, 0), // srawi r15,r1,0
        x(2, 16, 7, 824, 1), // srawi. r16,r2,7
        x(17, 0, 0, 202, 0), // addze r17,r0
        31 << 26 | 18 << 21 | 19 << 1, // mfcr r18
        x(1, 19, 31, 824, 0), // srawi r19,r1,31
        x(5, 1, 2, 235, 0), // mullw r5,r1,r2
        x(6, 2, 1, 235, 1), // mullw. r6,r2,r1
        31 << 26 | 7 << 21 | 19 << 1, // mfcr r7
        x(8, 1, 2, 75, 0), // mulhw r8,r1,r2
        x(9, 2, 1, 11, 1), // mulhwu. r9,r2,r1
        x(22, 1, 2, 235, 0) | OE, // mullwo r22,r1,r2 (a semantics call)
        d(34, 20, 3, 5), // lbz r20,5(r3)
        d(40, 21, 3, 6), // lhz r21,6(r3)
        d(42, 28, 3, 10), // lha r28,10(r3)
        d(32, 29, 3, 12), // lwz r29,12(r3)
        d(58, 30, 3, 16) | 2, // lwa r30,16(r3)
        d(58, 31, 3, 24), // ld r31,24(r3)
        x(20, 3, 4, 87, 0), // lbzx r20,r3,r4
        x(21, 3, 4, 279, 0), // lhzx r21,r3,r4
        x(28, 3, 4, 343, 0), // lhax r28,r3,r4
        x(29, 3, 4, 23, 0), // lwzx r29,r3,r4
        x(30, 3, 4, 341, 0), // lwax r30,r3,r4
        x(31, 3, 4, 21, 0), // ldx r31,r3,r4
        d(38, 9, 3, 33), // stb r9,33(r3)
        d(44, 9, 3, 35), // sth r9,35(r3)
        d(36, 8, 3, 41), // stw r8,41(r3)
        d(62, 6, 3, 48), // std r6,48(r3)
        x(9, 3, 4, 215, 0), // stbx r9,r3,r4
        x(8, 3, 4, 407, 0), // sthx r8,r3,r4
        x(6, 3, 4, 151, 0), // stwx r6,r3,r4
        x(7, 3, 4, 149, 0), // stdx r7,r3,r4
        x(20, 3, 4, 119, 0), // lbzux r20,r3,r4
        x(8, 3, 4, 183, 0), // stwux r8,r3,r4
        d(35, 20, 3, 1), // lbzu r20,1(r3)
        d(41, 21, 3, 2), // lhzu r21,2(r3)
        d(33, 29, 3, 4), // lwzu r29,4(r3)
        d(58, 31, 3, 8) | 1, // ldu r31,8(r3)
        d(39, 9, 3, 3), // stbu r9,3(r3)
        d(45, 9, 3, 2), // sthu r9,2(r3)
        d(37, 8, 3, 4), // stwu r8,4(r3)
        d(62, 6, 3, 16) | 1, // stdu r6,16(r3)
    };

    /** Block ends: bdnz, beq cr1 with link, bnelr cr2, bltctr cr3, b, and sc (not translated). */
    private static final int[] ENDS = {
        16 << 26 | 16 << 21 | 0x100, // bdnz +0x100
        16 << 26 | 12 << 21 | 6 << 16 | (-0x40 & 0xffff) | 1, // beql cr1,-0x40
        19 << 26 | 4 << 21 | 10 << 16 | 16 << 1, // bnelr cr2
        19 << 26 | 12 << 21 | 12 << 16 | 528 << 1, // bltctr cr3
        18 << 26 | 0x2000, // b +0x2000
        17 << 26 | 2, // sc
    };

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void randomStatesRunTheSameTranslatedAndInterpreted(boolean bigEndian) {
        SplittableRandom random = new SplittableRandom(bigEndian ? 42 : 43);
        for (int end : ENDS) {
            for (int trial = 0; trial < 200; trial++) {
                int[] block = java.util.Arrays.copyOf(BODY, BODY.length + 1);
                block[BODY.length] = end;
                GuestMemory memory = memory(bigEndian, block, random);
                Cpu cpu = randomCpu(random, trial % 16 == 0);
                int budget = trial % 5 == 0 ? random.nextInt(1, block.length + 1) : Integer.MAX_VALUE;
                compare(memory, cpu, block, budget);
            }
        }
    }

    /**
     * A loop the region keeps inside (bdnz back, a forward exit to a store, blr out): random counts
     * and budgets; the region stops at its exits or before a straight-line run that would pass the budget.
     */
    private static final int[] LOOP = {
        spr(467, 5, 9), // mtctr r5
        x(6, 3, 4, 87, 0), // loop: lbzx r6,r3,r4
        x(7, 7, 6, 266, 0), // add r7,r7,r6
        d(14, 4, 4, 1), // addi r4,r4,1
        cmp(11, 1, 0, 4, 200), // cmpwi cr1,r4,200
        16 << 26 | 4 << 21 | 4 << 16 | 12, // bge cr1,+12 (the store)
        16 << 26 | 16 << 21 | (-20 & 0xffff), // bdnz loop
        19 << 26 | 20 << 21 | 16 << 1, // blr
        d(36, 7, 3, 0), // stw r7,0(r3)
        18 << 26 | (-8 & 0x3ffffff), // b blr
    };

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void aLoopRunsInsideTheRegionAndNeverPastTheBudget(boolean bigEndian) {
        SplittableRandom random = new SplittableRandom(bigEndian ? 7 : 8);
        for (int trial = 0; trial < 300; trial++) {
            GuestMemory memory = memory(bigEndian, LOOP, random);
            Cpu cpu = randomCpu(random, trial % 32 == 0);
            cpu.gpr[5] = random.nextInt(0, 60); // 0: the counter wraps, only the budget or r4 ends the loop
            cpu.gpr[4] = random.nextInt(0, 200);
            int budget = random.nextInt(1, 700);
            int retired = compare(memory, cpu, LOOP, budget);
            assertTrue(retired >= 1, "the region ran its first instruction");
        }
    }

    /**
     * The interpreter with translation on, run in random budgets (as the scheduler does) over an
     * endless loop that gets hot, stays in step with one that only interprets.
     */
    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void theInterpreterWithTranslationStaysInStepWithoutIt(boolean bigEndian) {
        SplittableRandom random = new SplittableRandom(bigEndian ? 11 : 12);
        int[] program = LOOP.clone();
        program[7] = d(14, 4, 0, 0); // li r4,0 instead of blr
        program[9] = 18 << 26 | (-36 & 0x3ffffff); // b to the start instead of to blr: the loop never ends
        GuestMemory memory = memory(bigEndian, program, random);
        GuestMemory referenceMemory = memory.copy();
        Cpu cpu = randomCpu(random, false);
        cpu.gpr[4] = 0;
        Cpu reference = new Cpu();
        reference.copyFrom(cpu);
        Interpreter translating = new Interpreter(cpu, memory, () -> 0);
        Interpreter interpreting = new Interpreter(reference, referenceMemory, () -> 0);
        interpreting.setTranslating(false);
        translating.setHotVisits(HOT_VISITS);
        for (int chunk = 0; chunk < 400; chunk++) {
            long budget = random.nextInt(1, 2000);
            assertEquals(interpreting.run(budget), translating.run(budget));
            assertEquals(interpreting.instructionCount(), translating.instructionCount());
            assertSameState(reference, referenceMemory, cpu, memory);
        }
        assertTrue(translating.translatedInstructionCount() > translating.instructionCount() / 2,
                translating.translatedInstructionCount() + " of " + translating.instructionCount() + " translated");
    }

    /**
     * Quanta that end anywhere inside a hot loop (the scheduler's budgets) must not make regions
     * start there: only the addresses a branch leads to, or the first instruction, head regions.
     */
    @Test
    void budgetsEndingInsideALoopStartNoRegionsThere() {
        SplittableRandom random = new SplittableRandom(21);
        int[] program = LOOP.clone();
        program[7] = d(14, 4, 0, 0); // li r4,0 instead of blr
        program[9] = 18 << 26 | (-36 & 0x3ffffff); // b to the start: the loop never ends
        Cpu cpu = randomCpu(random, false);
        cpu.gpr[4] = 0;
        Interpreter interpreter = new Interpreter(cpu, memory(false, program, random), () -> 0);
        interpreter.setHotVisits(HOT_VISITS);
        for (int chunk = 0; chunk < 5000; chunk++) {
            assertEquals(Stop.BUDGET, interpreter.run(random.nextInt(1, 12)));
        }
        // block starts: the entry (mtctr), the loop head, the instruction after each conditional branch, the store
        assertTrue(interpreter.regionCount() <= 5, interpreter.regionCount() + " regions");
        assertTrue(interpreter.translatedInstructionCount() > interpreter.instructionCount() / 2);
    }

    /**
     * Two regions in two pages that lead to each other (the dispatcher remembers the successor):
     * rewriting the second page's code, then mapping a new page there, must each be seen at once.
     */
    @Test
    void aRememberedSuccessorIsDroppedWhenItsCodeOrTheMappingChanges() {
        long second = CODE + GuestMemory.PAGE_SIZE;
        GuestMemory memory = new GuestMemory(true);
        memory.map(CODE, 2 * GuestMemory.PAGE_SIZE, Protection.RX, "code");
        writeCode(memory, new int[] { d(14, 3, 3, 1), 18 << 26 | (GuestMemory.PAGE_SIZE - 4) }); // addi r3,r3,1; b second
        int[] back = { d(14, 4, 4, 1), 18 << 26 | (-(GuestMemory.PAGE_SIZE + 4) & 0x3ffffff) }; // addi r4,r4,1; b CODE
        writeCode(memory, second, back);
        GuestMemory referenceMemory = memory.copy();
        Cpu cpu = new Cpu();
        cpu.pc = CODE;
        Cpu reference = new Cpu();
        reference.copyFrom(cpu);
        Interpreter translating = new Interpreter(cpu, memory, () -> 0);
        Interpreter interpreting = new Interpreter(reference, referenceMemory, () -> 0);
        interpreting.setTranslating(false);
        Runnable runBoth = () -> {
            for (int chunk = 0; chunk < 20; chunk++) {
                assertEquals(interpreting.run(997), translating.run(997));
                assertArrayEquals(reference.gpr, cpu.gpr);
                assertEquals(reference.pc, cpu.pc);
            }
        };
        runBoth.run();
        long translated = translating.translatedInstructionCount();
        assertTrue(translated > 10_000, "the two regions ran: " + translated);
        for (GuestMemory m : new GuestMemory[] { memory, referenceMemory }) {
            m.write32Raw(second, d(14, 4, 4, 7)); // addi r4,r4,7
        }
        runBoth.run();
        for (GuestMemory m : new GuestMemory[] { memory, referenceMemory }) {
            m.unmap(second, GuestMemory.PAGE_SIZE);
            m.map(second, GuestMemory.PAGE_SIZE, Protection.RX, "new code");
            back[0] = d(14, 4, 4, -3); // addi r4,r4,-3
            writeCode(m, second, back);
        }
        runBoth.run();
        assertTrue(translating.translatedInstructionCount() > translated + 30_000, "translated again after each change");
    }

    /**
     * A page of lmw r2,8(r1), the largest translation of an instruction (a semantics call that
     * writes 30 GPRs, all loaded again after it): regions of the limit, within what HotSpot
     * compiles (the translator asserts that), run as the interpreter does.
     */
    @Test
    void theLargestInstructionsMakeRegionsTheJitCompiles() {
        int[] code = new int[GuestMemory.PAGE_SIZE / 4];
        java.util.Arrays.fill(code, d(46, 2, 1, 8)); // lmw r2,8(r1)
        code[code.length - 1] = 18 << 26 | (-4 * (code.length - 1) & 0x3ffffff); // b to the start
        TranslatedBlock region = translate(code);
        assertEquals(BlockTranslator.REGION_LIMIT, region.length());
        Cpu[] cpus = new Cpu[2];
        for (int translating = 0; translating < 2; translating++) {
            GuestMemory memory = new GuestMemory(true);
            memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
            writeCode(memory, code);
            Cpu cpu = new Cpu();
            cpu.pc = CODE;
            cpu.gpr[1] = CODE;
            Interpreter interpreter = new Interpreter(cpu, memory, () -> 0);
            interpreter.setTranslating(translating == 1);
            interpreter.setHotVisits(HOT_VISITS);
            assertEquals(Stop.BUDGET, interpreter.run(300_000));
            // straight-line code longer than a region gets hot one region after the other
            assertEquals(translating == 1, interpreter.translatedInstructionCount() > 10_000);
            cpus[translating] = cpu;
        }
        assertArrayEquals(cpus[0].gpr, cpus[1].gpr);
        assertEquals(cpus[0].pc, cpus[1].pc);
    }

    /** POWER10 prefixed instructions stay in a region: a PC-relative pla and a pld, in a loop, as the interpreter runs them. */
    @Test
    void prefixedInstructionsAreTranslated() {
        int[] code = { d(14, 3, 3, 1), // addi r3,r3,1
            0x06100000, 14 << 26 | 5 << 21 | 0x40, // pla r5,0x40: the pla's own address + 0x40
            0x04000000, 57 << 26 | 6 << 21 | 4 << 16 | 8, // pld r6,8(r4)
            x(7, 6, 3, 266, 0), // add r7,r6,r3
            x(7, 5, 7, 266, 0), // add r7,r5,r7
            18 << 26 | (-28 & 0x3ffffff) }; // b to the start
        assertEquals(6, translate(code).length(), "the loop, prefixed instructions included");
        Cpu[] cpus = new Cpu[2];
        long[] translated = new long[2];
        for (int translating = 0; translating < 2; translating++) {
            GuestMemory memory = new GuestMemory(true);
            memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
            memory.map(DATA, GuestMemory.PAGE_SIZE, Protection.RW, "data");
            memory.write64(DATA + 8, 0x1234_5678_9abcL);
            writeCode(memory, code);
            Cpu cpu = new Cpu();
            cpu.pc = CODE;
            cpu.gpr[4] = DATA;
            Interpreter interpreter = new Interpreter(cpu, memory, () -> 0);
            interpreter.setTranslating(translating == 1);
            interpreter.setHotVisits(HOT_VISITS);
            assertEquals(Stop.BUDGET, interpreter.run(60_000));
            cpus[translating] = cpu;
            translated[translating] = interpreter.translatedInstructionCount();
        }
        assertTrue(translated[1] > 50_000, "run translated: " + translated[1]);
        assertEquals(CODE + 4 + 0x40, cpus[1].gpr[5]);
        assertEquals(0x1234_5678_9abcL + 10_000 + CODE + 4 + 0x40, cpus[1].gpr[7]);
        assertArrayEquals(cpus[0].gpr, cpus[1].gpr);
        assertEquals(cpus[0].pc, cpus[1].pc);
    }

    /** A breakpoint on the unmapped target of a translated loop's exit stops there, as without translation. */
    @Test
    void aBreakpointOnAnUnmappedTargetStopsBeforeTheFault() {
        int[] code = { d(14, 3, 3, 1), cmp(11, 0, 0, 3, 100), 16 << 26 | 12 << 21 | (-8 & 0xffff), 18 << 26 | 0x2000 };
        for (boolean translating : new boolean[] { true, false }) {
            GuestMemory memory = new GuestMemory(true);
            memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
            writeCode(memory, code); // loop: addi r3,r3,1; cmpwi r3,100; blt loop; b +0x2000 (unmapped)
            Cpu cpu = new Cpu();
            cpu.pc = CODE;
            Interpreter interpreter = new Interpreter(cpu, memory, () -> 0);
            interpreter.setTranslating(translating);
            long target = CODE + 12 + 0x2000;
            interpreter.setBreakpoints(address -> address == target);
            assertEquals(Stop.BREAKPOINT, interpreter.run(10_000), "translating " + translating);
            assertEquals(target, cpu.pc);
            assertEquals(301, interpreter.instructionCount());
        }
    }

    /**
     * A profile counts each instruction once: in the interpreter until its block is translated,
     * then as a callout of the region when its semantics are called (fmadd), never when it is
     * generated inline (addi).
     */
    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void aProfileCountsInterpretedInstructionsAndCalloutsOnce(boolean translating) {
        // loop: fmadd f1,f2,f4,f3; addi r3,r3,1; cmpwi r3,1000; blt loop; b +0x2000 (unmapped)
        int[] code = { a(1, 2, 3, 4, 29), d(14, 3, 3, 1), cmp(11, 0, 0, 3, 1000), 16 << 26 | 12 << 21 | (-12 & 0xffff),
            18 << 26 | 0x2000 };
        GuestMemory memory = new GuestMemory(true);
        memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
        writeCode(memory, code);
        Cpu cpu = new Cpu();
        cpu.pc = CODE;
        Interpreter interpreter = new Interpreter(cpu, memory, () -> 0);
        interpreter.setTranslating(translating);
        interpreter.setHotVisits(HOT_VISITS);
        ExecutionProfile profile = new ExecutionProfile();
        interpreter.setProfile(profile);
        long target = CODE + 16 + 0x2000;
        interpreter.setBreakpoints(address -> address == target);
        assertEquals(Stop.BREAKPOINT, interpreter.run(100_000));
        assertEquals(1000, profile.interpreted("fmadd") + profile.calledOut("fmadd"));
        assertEquals(translating, profile.calledOut("fmadd") > 900, "called out: " + profile.calledOut("fmadd"));
        assertEquals(0, profile.calledOut("addi"), "generated inline");
        assertEquals(translating, profile.interpreted("addi") < 100, "interpreted: " + profile.interpreted("addi"));
    }

    @Test
    void aRegionStartingWithAnUntranslatedInstructionIsDeclined() {
        assertEquals(null, translate(new int[] { 17 << 26 | 2 }));
        assertEquals(1, translate(new int[] { d(14, 3, 3, 1), 17 << 26 | 2 }).length(), "ends before sc");
        assertEquals(2, translate(new int[] { d(14, 3, 3, 1), 18 << 26 | 8, d(14, 3, 3, 1) }).length(),
                "the branch's target is past the code: the region ends with the branch");
        assertEquals(LOOP.length, translate(LOOP).length(), "the loop, its exit and its store");
        int[] body = java.util.Arrays.copyOf(BODY, BODY.length + 1);
        body[BODY.length] = ENDS[4];
        for (int i = 0; i < body.length; i++) {
            int[] rest = java.util.Arrays.copyOfRange(body, i, body.length);
            assertEquals(Math.min(rest.length, BlockTranslator.REGION_LIMIT), translate(rest).length(),
                    "every kind in regions, semantics calls included: from instruction " + i);
        }
    }

    @Test
    void aStoreIntoTheRegionsOwnPageLeavesItThere() {
        GuestMemory memory = new GuestMemory(true);
        memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RWX, "code");
        int[] block = { d(36, 5, 6, 0), d(14, 7, 7, 1), 18 << 26 | 0x100 }; // stw r5,0(r6); addi r7,r7,1; b
        writeCode(memory, block);
        GuestMemory.Page page = memory.page(CODE);
        Object decoded = new Object();
        memory.holdCode(page, decoded);
        Cpu cpu = new Cpu();
        cpu.pc = CODE;
        cpu.gpr[5] = 0x60000000; // nop
        cpu.gpr[6] = CODE + 8;
        int retired = translate(block).execute(cpu, memory, page, decoded, 100);
        assertEquals(1, retired, "only the store ran");
        assertEquals(CODE + 4, cpu.pc);
        assertEquals(0, cpu.gpr[7]);
    }

    private static TranslatedBlock translate(int[] code) {
        InstructionTable table = InstructionTable.get();
        int[] words = new int[GuestMemory.PAGE_SIZE / 4];
        Instruction[] rows = new Instruction[words.length];
        System.arraycopy(code, 0, words, 0, code.length);
        for (int i = 0; i < words.length; i++) {
            long address = CODE + 4L * i;
            rows[i] = table.decodeAt(address, words[i], InstructionTable.hasSuffix(address, words[i]) ? words[i + 1] : 0);
        }
        return BlockTranslator.translate(CODE, 0, words, rows, null);
    }

    private static GuestMemory memory(boolean bigEndian, int[] block, SplittableRandom random) {
        GuestMemory memory = new GuestMemory(bigEndian);
        memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
        memory.map(DATA, GuestMemory.PAGE_SIZE, Protection.RW, "data");
        byte[] data = new byte[GuestMemory.PAGE_SIZE];
        random.nextBytes(data);
        memory.writeRaw(DATA, data, 0, data.length);
        writeCode(memory, block);
        return memory;
    }

    private static void writeCode(GuestMemory memory, int[] block) {
        writeCode(memory, CODE, block);
    }

    private static void writeCode(GuestMemory memory, long at, int[] block) {
        for (int i = 0; i < block.length; i++) {
            memory.write32Raw(at + 4L * i, block[i]);
        }
    }

    private static Cpu randomCpu(SplittableRandom random, boolean faulting) {
        Cpu cpu = new Cpu();
        for (int i = 0; i < 32; i++) {
            cpu.gpr[i] = switch (random.nextInt(4)) {
                case 0 -> random.nextLong();
                case 1 -> random.nextInt(-300, 300);
                case 2 -> random.nextInt();
                default -> random.nextLong() & 0xffffffffL;
            };
            cpu.setFprDouble(i, random.nextBoolean() ? random.nextDouble(-1e6, 1e6) : Double.longBitsToDouble(random.nextLong()));
        }
        cpu.gpr[3] = faulting ? UNMAPPED : DATA + random.nextInt(0, 2048);
        cpu.gpr[4] = random.nextInt(0, 256);
        cpu.pc = CODE;
        cpu.lr = random.nextLong();
        cpu.ctr = random.nextInt(0, 3);
        cpu.cr = random.nextInt();
        cpu.setXer(random.nextLong());
        cpu.fpscr = random.nextInt(0, 4); // a random rounding mode
        return cpu;
    }

    /**
     * Runs the region at CODE with {@code budget} on one copy of the state, the interpreter for as
     * many instructions as the region retired on another, and compares them; returns the count.
     */
    private static int compare(GuestMemory memory, Cpu start, int[] block, int budget) {
        TranslatedBlock translation = translate(block);
        assertNotNull(translation);
        GuestMemory interpretedMemory = memory.copy();
        Cpu interpreted = new Cpu();
        interpreted.copyFrom(start);
        Interpreter interpreter = new Interpreter(interpreted, interpretedMemory, () -> 0);
        interpreter.setTranslating(false);

        Cpu translated = new Cpu();
        translated.copyFrom(start);
        GuestMemory.Page page = memory.page(CODE);
        Object decoded = new Object();
        memory.holdCode(page, decoded);
        int retired;
        GuestFault fault = null;
        try {
            retired = translation.execute(translated, memory, page, decoded, budget);
        } catch (TranslatedBlock.Fault f) {
            retired = f.retired();
            fault = f.fault();
        }
        assertTrue(retired <= budget, retired + " retired on a budget of " + budget);
        if (retired > 0) {
            assertEquals(Stop.BUDGET, interpreter.run(retired), "the interpreter ran as far without stopping");
        }
        if (fault != null) {
            assertEquals(Stop.FAULT, interpreter.run(1));
            assertEquals(interpreter.fault().address(), fault.address());
        }
        assertEquals(retired, interpreter.instructionCount(), "instructions retired");
        assertSameState(interpreted, interpretedMemory, translated, memory);
        return retired;
    }

    private static void assertSameState(Cpu interpreted, GuestMemory interpretedMemory, Cpu translated, GuestMemory memory) {
        assertArrayEquals(interpreted.gpr, translated.gpr, "GPRs");
        assertArrayEquals(interpreted.vsr, translated.vsr, "FPRs and VSRs");
        assertEquals(interpreted.pc, translated.pc, "pc");
        assertEquals(interpreted.lr, translated.lr, "lr");
        assertEquals(interpreted.ctr, translated.ctr, "ctr");
        assertEquals(Integer.toHexString(interpreted.cr), Integer.toHexString(translated.cr), "cr");
        assertEquals(interpreted.vscr, translated.vscr, "vscr");
        assertEquals(interpreted.xer(), translated.xer(), "xer");
        assertEquals(interpreted.fpscr, translated.fpscr, "fpscr");
        byte[] expected = new byte[GuestMemory.PAGE_SIZE];
        byte[] actual = new byte[GuestMemory.PAGE_SIZE];
        interpretedMemory.readRaw(DATA, expected, 0, expected.length);
        memory.readRaw(DATA, actual, 0, actual.length);
        assertArrayEquals(expected, actual, "data page");
    }
}
