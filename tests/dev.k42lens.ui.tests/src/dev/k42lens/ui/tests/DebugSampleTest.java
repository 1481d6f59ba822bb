package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IRegister;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.TextConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k42lens.core.debug.Suspension;
import dev.k42lens.core.layer.SlotSwap;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.core.trace.TransferTableStatistics.Slot;
import dev.k42lens.debug.K42LensDebugModel;
import dev.k42lens.debug.breakpoints.AddressBreakpoint;
import dev.k42lens.debug.breakpoints.SyscallCatchpoint;
import dev.k42lens.debug.launch.LaunchAttributes;
import dev.k42lens.debug.launch.GuestProgramProcess;
import dev.k42lens.debug.model.K42LensDebugTarget;
import dev.k42lens.debug.model.K42LensRegister;
import dev.k42lens.debug.model.K42LensStackFrame;
import dev.k42lens.debug.model.K42LensThread;
import dev.k42lens.ui.K42LensPerspective;
import dev.k42lens.ui.views.DispatchTraceView;
import dev.k42lens.ui.views.K42LensViews;
import dev.k42lens.ui.views.SlotColumn;
import dev.k42lens.ui.views.TransferTableView;
import dev.k42lens.ui.disassembly.DisassemblyView;

/**
 * A real debugging session in the workbench, through the platform's debug model: the bundled
 * big-endian hello sample is launched in debug mode, stops at main, then at a write catchpoint
 * (r0, r3-r5 read through the Registers model), steps into the table dispatch (the PC lands in the
 * syscall layer's region), steps over it (the text reaches the Console), hits an address
 * breakpoint and is terminated.
 */
class DebugSampleTest {
    private static final String HELLO = "Hello from ppc64 via the K42 transfer table\n";
    private static final long TIMEOUT_MS = 60_000;
    private ILaunch launch;

    @BeforeEach
    @AfterEach
    void removeBreakpoints() throws CoreException {
        var manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.removeBreakpoints(manager.getBreakpoints(K42LensDebugModel.MODEL_IDENTIFIER), true);
    }

    @AfterEach
    void terminate() throws Exception {
        if (launch != null && !launch.isTerminated()) {
            launch.terminate();
            UiTestSupport.waitUntil("the launch ends", TIMEOUT_MS, launch::isTerminated);
        }
    }

    @Test
    void stopAtAWriteCatchpointStepThroughTheTableDispatchHitABreakpointAndTerminate() throws Exception {
        var workbench = PlatformUI.getWorkbench();
        workbench.showPerspective(K42LensPerspective.ID, workbench.getActiveWorkbenchWindow());
        Screenshots.fillScreen();
        K42LensDebugTarget target = debugHello();
        Suspension atMain = waitForStop(target);
        assertEquals("Stopped at main", atMain.description());
        K42LensThread thread = (K42LensThread) target.getThreads()[0];
        assertTrue(thread.getName().startsWith("Thread " + thread.tid() + " [pid "), thread.getName());
        assertTrue(thread.getTopStackFrame().getName().startsWith("main"), thread.getTopStackFrame().getName());

        SyscallCatchpoint.create("write", true, false, "any", 1);
        thread.resume();
        Suspension caught = waitForStop(target);
        assertEquals(Suspension.Reason.CATCHPOINT, caught.reason());
        assertTrue(thread.getName().contains("write about to enter the layer via table"), thread.getName());
        assertEquals(BigInteger.valueOf(4), register(thread, "r0"), "r0: the number of write");
        assertEquals(BigInteger.ONE, register(thread, "r3"), "r3: stdout");
        assertEquals(BigInteger.valueOf(HELLO.length()), register(thread, "r5"), "r5: the line's length");
        byte[] text = target.readMemory(register(thread, "r4").longValue(), HELLO.length());
        assertArrayEquals(HELLO.getBytes(StandardCharsets.US_ASCII), text, "r4 points at the line");
        long site = ((K42LensStackFrame) thread.getTopStackFrame()).address();
        assertEquals(BigInteger.valueOf(site), register(thread, "pc"));
        assertTrue(target.symbolize(site).matches("(__)?(libc_)?write\\+0x[0-9a-f]+"), target.symbolize(site));
        Screenshots.expandRegisters();
        Screenshots.take("debug-1-write-catchpoint");

        thread.stepInto();
        waitForStop(target);
        K42LensStackFrame inLayer = (K42LensStackFrame) thread.getTopStackFrame();
        assertTrue(TransferTable.inLayerRegion(inLayer.address()), String.format("PC 0x%x in the layer", inLayer.address()));
        assertEquals("[k42 trampoline]", inLayer.frame().function());
        assertEquals(site, ((K42LensStackFrame) thread.getStackFrames()[1]).address(), "the site calls the trampoline");
        Screenshots.take("debug-2-step-into-table-dispatch");

        thread.stepOver();
        assertEquals("Returned from the outermost call", waitForStop(target).description());
        assertEquals(BigInteger.valueOf(site + 4), register(thread, "pc"), "back after the site");
        assertEquals(BigInteger.valueOf(HELLO.length()), register(thread, "r3"), "write returned the length");
        UiTestSupport.waitUntil("the line in the Console view", TIMEOUT_MS, () -> consoleText(launch).contains(HELLO.strip()));
        Screenshots.take("debug-3-stepped-over-write");

        long exit = thread.resolveAddress("_exit");
        AddressBreakpoint breakpoint = AddressBreakpoint.create(exit, "_exit");
        thread.resume();
        Suspension hit = waitForStop(target);
        assertEquals(Suspension.Reason.BREAKPOINT, hit.reason());
        assertEquals(BigInteger.valueOf(exit), register(thread, "pc"));
        assertEquals(Arrays.asList(new IBreakpoint[] { breakpoint }), Arrays.asList(thread.getBreakpoints()));

        target.terminate();
        UiTestSupport.waitUntil("the target and its process end", TIMEOUT_MS, () -> target.isTerminated() && launch.getProcesses()[0].isTerminated());
    }

    @Test
    void stepBySourceLineWithTheCSourceInTheEditor() throws Exception {
        var workbench = PlatformUI.getWorkbench();
        var page = workbench.showPerspective(K42LensPerspective.ID, workbench.getActiveWorkbenchWindow());
        Screenshots.fillScreen();
        K42LensDebugTarget target = debugHello();
        waitForStop(target);
        K42LensThread thread = (K42LensThread) target.getThreads()[0];
        assertEquals(6, thread.getTopStackFrame().getLineNumber(), "main's opening brace");
        Object source = launch.getSourceLocator().getSourceElement(thread.getTopStackFrame());
        assertNotNull(source, "the source lookup finds src/hello.c next to the binaries");
        UiTestSupport.waitUntil("hello.c open in an editor", TIMEOUT_MS, () -> Arrays.stream(page.getEditorReferences()).anyMatch(e -> e.getName().equals("hello.c")));

        thread.stepOver();
        assertEquals("Step ended at hello.c:7", waitForStop(target).description());
        assertEquals(7, thread.getTopStackFrame().getLineNumber());
        Screenshots.take("debug-4-source-line");
        thread.stepOver();
        assertEquals("Step ended at hello.c:9", waitForStop(target).description());

        target.setInstructionStepping(true);
        long pc = ((K42LensStackFrame) thread.getTopStackFrame()).address();
        thread.stepOver();
        waitForStop(target);
        assertEquals(pc + 4, ((K42LensStackFrame) thread.getTopStackFrame()).address(), "instruction stepping mode: one instruction");
    }

    @Test
    void runningThePipeSampleShowsEachGuestProcessAndRecordsTheTrace() throws Exception {
        Path program = UiTestSupport.sample("samples/bin/le/pipe");
        Path trace = Files.createTempFile("k42lens-pipe", ".jsonl");
        ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID).newInstance(null, "pipe (run test)");
        configuration.setAttribute(LaunchAttributes.PROGRAM, program.toString());
        configuration.setAttribute(LaunchAttributes.TRACE_FILE, trace.toString());
        var page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        DispatchTraceView view = (DispatchTraceView) page.showView(K42LensViews.DISPATCH_TRACE);
        launch = configuration.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertEquals(null, launch.getDebugTarget(), "run mode has no debug target");
        UiTestSupport.waitUntil("the program and its child end", TIMEOUT_MS, launch::isTerminated);
        IProcess[] processes = launch.getProcesses();
        assertTrue(processes.length >= 2, "the program and the child it forked: " + Arrays.toString(processes));
        assertEquals(0, processes[0].getExitValue(), processes[0].getLabel());
        // the child exits with the number of lines it upper-cased
        assertEquals(3, processes[1].getExitValue(), processes[1].getLabel());
        assertTrue(processes[1].getLabel().matches("guest process \\d+: .*pipe \\(exit status 3\\)"), processes[1].getLabel());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.get(0).contains("\"format\":\"k42lens-trace\""), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"kind\":\"fork\"")), "the fork is in the trace");
        assertTrue(lines.get(lines.size() - 1).contains("\"kind\":\"exit\""), "the trace is complete: " + lines.get(lines.size() - 1));
        // the Dispatch Trace view followed the run live: every event of the file, in its table
        int events = lines.size() - 1;
        UiTestSupport.waitUntil("the view shows the run's " + events + " events", TIMEOUT_MS,
                () -> view.shown() != null && view.shown().store().size() == events && view.table().getItemCount() == events);
        page.hideView(view); // the next test class starts with a fresh view
    }

    @Test
    void aSlotSwappedInTheTransferTableFailsTheNextCallWhoseEventLinksTheViewsAndShowsItsSite() throws Exception {
        var workbench = PlatformUI.getWorkbench();
        IWorkbenchPage page = workbench.getActiveWorkbenchWindow().getActivePage();
        workbench.showPerspective(K42LensPerspective.ID, workbench.getActiveWorkbenchWindow());
        K42LensDebugTarget target = debugHello();
        waitForStop(target);
        TraceStore events = ((GuestProgramProcess) launch.getProcesses()[0]).traceStore();
        TransferTableView slots = (TransferTableView) page.showView(TransferTableView.ID);
        UiTestSupport.waitUntil("the Transfer Table shows the run", TIMEOUT_MS,
                () -> slots.statistics() != null && slots.statistics().store() == events);

        // Swap to ENOSYS from the context menu of write's row, while the program is suspended at main
        int write = SlotSwap.callNumber("write");
        slots.viewer().setSelection(new StructuredSelection(slots.statistics().slot(write)));
        Menu menu = slots.viewer().getTable().getMenu();
        menu.notifyListeners(SWT.Show, new Event());
        MenuItem swap = Arrays.stream(menu.getItems()).filter(item -> item.getText().equals("Swap to ENOSYS")).findFirst().orElseThrow();
        assertTrue(swap.isEnabled(), "a slot of a running program can be swapped");
        swap.notifyListeners(SWT.Selection, new Event());
        UiTestSupport.waitUntil("the Handler column shows the swap", TIMEOUT_MS,
                () -> "k42:enosys".equals(slots.statistics().slot(write).handler()) && slotCell(slots, write, SlotColumn.HANDLER).equals("k42:enosys"));

        SyscallCatchpoint.create("write", false, true, "any", 1);
        K42LensThread thread = (K42LensThread) target.getThreads()[0];
        thread.resume();
        waitForStop(target);
        assertEquals(BigInteger.valueOf(Errno.ENOSYS.number()), register(thread, "r3"), "write failed with ENOSYS");
        UiTestSupport.waitUntil("the failed call is counted", TIMEOUT_MS, () -> slotCell(slots, write, SlotColumn.FAILURES).equals("1"));
        assertEquals("no", slotCell(slots, write, SlotColumn.IMPLEMENTED), "the slot's calls now go to ENOSYS's handler");
        assertTrue(!consoleText(launch).contains(HELLO.strip()), "nothing was written");

        // Go to the write's entry in the Dispatch Trace: the Transfer Table selects its slot, the Disassembly shows its site
        TraceEvent entry = java.util.stream.IntStream.range(0, events.size()).mapToObj(events::get)
                .filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.nr() == write).findFirst().orElseThrow();
        DispatchTraceView trace = (DispatchTraceView) page.showView(DispatchTraceView.ID);
        UiTestSupport.waitUntil("the Dispatch Trace shows the write", TIMEOUT_MS,
                () -> trace.shown() != null && trace.shown().store() == events && trace.selectEvent(entry.seq()) && trace.table().getSelectionCount() == 1);
        trace.table().notifyListeners(SWT.Selection, new Event()); // as a click on the row
        trace.table().notifyListeners(SWT.DefaultSelection, new Event()); // as a double-click
        assertEquals(write, ((Slot) slots.viewer().getStructuredSelection().getFirstElement()).number(), "the Transfer Table selected write's slot");
        DisassemblyView disassembly = (DisassemblyView) page.findView(DisassemblyView.ID);
        Table lines = disassembly.table();
        String site = Long.toHexString(entry.site());
        UiTestSupport.waitUntil("the Disassembly selects the site", TIMEOUT_MS,
                () -> lines.getSelectionCount() == 1 && lines.getSelection()[0].getText(1).contains(site));
        Screenshots.take("transfer-table-swap");
    }

    /** The text of {@code column} in the row of slot {@code number}. */
    private static String slotCell(TransferTableView view, int number, SlotColumn column) {
        for (TableItem item : view.viewer().getTable().getItems()) {
            if (item.getText(SlotColumn.NUMBER.ordinal()).equals(Integer.toString(number))) {
                return item.getText(column.ordinal());
            }
        }
        throw new AssertionError("no row for slot " + number);
    }

    /**
     * A POWER10 program (hello from the engine tests' compiler matrix, gcc -O3 -mcpu=power10): main's
     * string address comes from an 8-byte prefixed pla, which the Disassembly view shows as objdump
     * does (the suffix on a line of its own) and one instruction step executes whole.
     */
    @Test
    void aPower10PrefixedInstructionIsShownAndSteppedAsOne() throws Exception {
        Path program = Path.of("..", "dev.k42lens.core.tests", "guest", "bin", "matrix", "le-O3-power10", "hello")
                .toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(program), program + " is not here");
        var workbench = PlatformUI.getWorkbench();
        IWorkbenchPage page = workbench.showPerspective(K42LensPerspective.ID, workbench.getActiveWorkbenchWindow());
        ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID).newInstance(null, "hello (POWER10 test)");
        configuration.setAttribute(LaunchAttributes.PROGRAM, program.toString());
        configuration.setAttribute(LaunchAttributes.STOP_AT, LaunchAttributes.STOP_AT_MAIN);
        launch = configuration.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        K42LensDebugTarget target = assertInstanceOf(K42LensDebugTarget.class, launch.getDebugTarget());
        assertEquals("Stopped at main", waitForStop(target).description());
        K42LensThread thread = (K42LensThread) target.getThreads()[0];

        DisassemblyView disassembly = (DisassemblyView) page.showView(DisassemblyView.ID);
        Table lines = disassembly.table();
        K42LensStackFrame main = (K42LensStackFrame) thread.getTopStackFrame();
        assertTrue(disassembly.showAddress(main.address(), main), "the Disassembly can show main");
        UiTestSupport.waitUntil("the Disassembly shows main", TIMEOUT_MS, () -> prefixedRow(lines) >= 0
                || lines.getItemCount() > 0 && lines.getItem(0).getText(1).contains(Long.toHexString(main.address() & ~0xfffL)));
        int pla = prefixedRow(lines);
        assertTrue(pla >= 0, () -> "no pla among: " + java.util.stream.IntStream.range(0, Math.min(40, lines.getItemCount()))
                .mapToObj(i -> lines.getItem(i).getText(1) + " " + lines.getItem(i).getText(3)).toList());
        assertTrue(lines.getItem(pla).getText(3).matches("pla +r3,\\d+\t# [0-9a-f]+"), lines.getItem(pla).getText(3));
        long plaAddress = Long.parseUnsignedLong(lines.getItem(pla).getText(1).trim(), 16);
        assertEquals(plaAddress + 4, Long.parseUnsignedLong(lines.getItem(pla + 1).getText(1).trim(), 16));
        assertEquals("", lines.getItem(pla + 1).getText(3), "the suffix has a line of its own, without text");
        Screenshots.take("debug-6-power10-prefixed");

        target.setInstructionStepping(true);
        while (((K42LensStackFrame) thread.getTopStackFrame()).address() != plaAddress) {
            thread.stepInto();
            waitForStop(target);
        }
        thread.stepInto();
        waitForStop(target);
        assertEquals(BigInteger.valueOf(plaAddress + 8), register(thread, "pc"), "one step over all 8 bytes");
        byte[] text = target.readMemory(register(thread, "r3").longValue(), 5);
        assertArrayEquals("Hello".getBytes(StandardCharsets.US_ASCII), text, "r3 = the PC-relative address of the string");
    }

    /** The row of the first pla in the Disassembly view, or -1. */
    private static int prefixedRow(Table lines) {
        for (int i = 0; i < lines.getItemCount() - 1; i++) {
            if (lines.getItem(i).getText(3).startsWith("pla ")) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aProgramThatIsNotPpc64IsRefusedWithItsReason() throws Exception {
        Path text = Files.writeString(Files.createTempFile("not-elf", ".txt"), "just text\n");
        ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID).newInstance(null, "not a program");
        configuration.setAttribute(LaunchAttributes.PROGRAM, text.toString());
        CoreException refused = assertThrows(CoreException.class,
                () -> configuration.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor(), false, false));
        assertTrue(refused.getStatus().getMessage().startsWith(text + ": "), refused.getStatus().getMessage());
    }

    /** Launches the bundled big-endian hello in debug mode, to stop at main. */
    private K42LensDebugTarget debugHello() throws Exception {
        UiTestSupport.sample("samples/src/hello.c"); // unpacked beside the binary, as in the imported samples project
        Path hello = UiTestSupport.sample("samples/bin/be/hello");
        ILaunchManager launchManager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationWorkingCopy configuration = launchManager.getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID)
                .newInstance(null, "hello (debug test)");
        configuration.setAttribute(LaunchAttributes.PROGRAM, hello.toString());
        configuration.setAttribute(LaunchAttributes.STOP_AT, LaunchAttributes.STOP_AT_MAIN);
        configuration.setAttribute(LaunchAttributes.DISPATCH, "auto");
        launch = configuration.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        return assertInstanceOf(K42LensDebugTarget.class, launch.getDebugTarget());
    }

    private static BigInteger register(IThread thread, String name) throws Exception {
        for (IRegisterGroup group : thread.getTopStackFrame().getRegisterGroups()) {
            for (IRegister register : group.getRegisters()) {
                if (register.getName().equals(name)) {
                    return ((K42LensRegister) register).bigValue();
                }
            }
        }
        throw new AssertionError("no register " + name);
    }

    /** Waits, pumping the UI thread's events, until the target stops; returns why it stopped. */
    private static Suspension waitForStop(K42LensDebugTarget target) throws InterruptedException {
        UiTestSupport.waitUntil("the program stops", TIMEOUT_MS, () -> target.isSuspended() || target.isTerminated());
        assertTrue(target.isSuspended(), "stopped, not ended");
        return target.suspension();
    }

    private static String consoleText(ILaunch launch) {
        IConsole console = DebugUITools.getConsole(launch.getProcesses()[0]);
        return console instanceof TextConsole text ? text.getDocument().get() : "";
    }

}
